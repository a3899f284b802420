package org.communal.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a data folder that an older version left open, its PostgreSQL letting every user of the
 * machine in as the superuser without a password ({@code trust}). On the running PostgreSQL, it
 * gives the superuser its password, takes the right to log in from every other role (anyone could
 * have made one, with a password of their choosing), replaces the rules with ones that let in the
 * superuser alone and ask for its password, waits until PostgreSQL has read them, and then ends
 * every other session, since whoever it is came in without a password.
 */
final class PasswordUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordUpgrade.class);
  private static final Duration RELOAD_PATIENCE = Duration.ofSeconds(10);
  /** What the driver and PostgreSQL say to a client that gives no password, or a wrong one. */
  private static final Set<String> REFUSED = Set.of("08004", "28000", "28P01");

  private final EmbeddedPostgres postgres;
  private final Path pgData;
  private final String password;

  PasswordUpgrade(EmbeddedPostgres postgres, Path pgData, String password) {
    this.postgres = postgres;
    this.pgData = pgData;
    this.password = password;
  }

  /**
   * Runs the upgrade; PostgreSQL must be running with the old rules.
   *
   * @throws ServerException if PostgreSQL could not be closed to people without the password
   */
  void run() {
    LOG.info("The embedded PostgreSQL in {} let anyone on this machine in without a password;"
        + " it now asks for the one in its data folder", pgData);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      // The driver sends a SCRAM verifier, never the password itself, so no log can show it.
      c.unwrap(PGConnection.class).alterUserPassword(EmbeddedDatabase.USER,
          password.toCharArray(), "scram-sha-256");
      shutOutOtherRoles(s);
      PgHba.requirePassword(pgData);
      s.execute("SELECT pg_reload_conf()");
      awaitPasswordAsked();
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
    } catch (SQLException | IOException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Could not make the embedded"
          + " PostgreSQL in " + pgData + " ask for a password: " + e.getMessage() + ". Nothing"
          + " was lost; start again, or use an external PostgreSQL with --jdbc-url.", e);
    }
  }

  /**
   * Makes every role but {@value EmbeddedDatabase#USER} that may log in {@code NOLOGIN}. Communal
   * uses no other role, so any such role was made by someone while the folder let everyone in,
   * and could be theirs.
   */
  private void shutOutOtherRoles(Statement s) throws SQLException {
    List<String> roles = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT quote_ident(rolname) FROM pg_roles"
        + " WHERE rolcanlogin AND rolname <> '" + EmbeddedDatabase.USER + "'")) {
      while (rs.next()) {
        roles.add(rs.getString(1));
      }
    }
    for (String role : roles) {
      LOG.warn("The embedded PostgreSQL in {} has a role {} that may log in, made while anyone"
          + " could get in; Communal does not use it, so it may no longer log in (NOLOGIN)."
          + " Nothing to do, unless someone used it: then check the database for changes.",
          pgData, role);
      s.execute("ALTER ROLE " + role + " NOLOGIN");
    }
  }

  /** PostgreSQL reads its new rules a moment after being asked to; new clients then need them. */
  private void awaitPasswordAsked() throws SQLException {
    DataSource withoutPassword = postgres.getDatabase(EmbeddedDatabase.USER, "postgres",
        Map.of());
    long deadline = System.nanoTime() + RELOAD_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        withoutPassword.getConnection().close();
      } catch (SQLException e) {
        if (REFUSED.contains(e.getSQLState())) {
          return;
        }
        throw e;
      }
      pause();
    }
    throw new SQLException("PostgreSQL still let the superuser in without a password "
        + RELOAD_PATIENCE.toSeconds() + " s after it was told to reload " + PgHba.FILE);
  }

  private static void pause() throws SQLException {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while PostgreSQL reloads its rules", e);
    }
  }
}
