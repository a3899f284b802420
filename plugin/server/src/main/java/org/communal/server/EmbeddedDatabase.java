package org.communal.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server that this object starts and owns, keeping its data under a folder so that
 * it survives restarts. {@link #close()} stops it and waits for it to exit.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "communal";

  private final EmbeddedPostgres postgres;
  private final Path pgData;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path pgData) {
    this.postgres = postgres;
    this.pgData = pgData;
  }

  /**
   * Starts PostgreSQL on the data under {@code dataDir/postgres} (created on first start) and makes
   * sure the {@value #DATABASE} database exists.
   *
   * @throws ServerException if PostgreSQL cannot start, saying why and what to do
   */
  static EmbeddedDatabase open(Path dataDir) {
    Path pgData = dataDir.resolve("postgres");
    checkNoServerStillRunning(pgData);
    EmbeddedPostgres postgres;
    try {
      Files.createDirectories(dataDir);
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (IOException | RuntimeException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "The embedded PostgreSQL did not"
          + " start on " + pgData + ": " + e.getMessage() + ". Check that the folder is writable"
          + " and has free space, or use an external PostgreSQL with --jdbc-url.", e);
    }
    EmbeddedDatabase db = new EmbeddedDatabase(postgres, pgData);
    db.createDatabaseIfMissing();
    return db;
  }

  /** The JDBC URL of the {@value #DATABASE} database; the user is {@code postgres}. */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  /** Where PostgreSQL keeps its files. */
  Path pgData() {
    return pgData;
  }

  /** Stops PostgreSQL and waits for it to exit. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private void createDatabaseIfMissing() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "The embedded PostgreSQL started"
          + " but the " + DATABASE + " database could not be created: " + e.getMessage(), e);
    }
  }

  /**
   * A PostgreSQL left running by a process that was killed would make the new one fail with a
   * cryptic lock error, so say plainly what holds the folder.
   */
  private static void checkNoServerStillRunning(Path pgData) {
    Optional<Long> pid = postmasterPid(pgData);
    if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "A PostgreSQL server (process "
          + pid.get() + ") is still running on " + pgData + ": another Communal uses this data"
          + " folder, or an earlier one was killed. Stop it (kill " + pid.get() + ") or give"
          + " another folder with --data-dir.", null);
    }
  }

  private static Optional<Long> postmasterPid(Path pgData) {
    try {
      List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
