package org.communal.server;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that this object starts and owns, keeping its data under a folder so that
 * it survives restarts. {@link #close()} stops it and waits for it to exit.
 *
 * <p>Other users of the machine cannot get in: PostgreSQL listens on the loopback address only,
 * with no Unix socket, and asks everyone for the superuser's password (SCRAM), which is made at
 * random on first start and kept in {@value #PASSWORD_FILE} in the data folder, readable by its
 * owner alone. It runs with PostgreSQL's durable settings, so that a commit survives a crash.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "communal";
  static final String PASSWORD_FILE = "databasePassword";
  static final String USER = "postgres";
  /** Where PostgreSQL's programs are unpacked, in the data folder. */
  static final String PROGRAMS = "postgres-programs";
  private static final String WORKING_FOLDER_PROPERTY = "ot.epg.working-dir";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  /**
   * Guards the JVM-wide working folder property between setting and restoring it, so that two
   * databases opened at once each get a builder for their own folder.
   */
  private static final Object WORKING_FOLDER_LOCK = new Object();

  private final EmbeddedPostgres postgres;
  private final Path pgData;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path pgData, String password) {
    this.postgres = postgres;
    this.pgData = pgData;
    this.password = password;
  }

  /**
   * Starts PostgreSQL on the data under {@code dataDir/postgres} (created on first start) and makes
   * sure the {@value #DATABASE} database exists. A PostgreSQL that a killed server left running on
   * the folder is stopped first; a folder that an older version left open without a password is
   * closed.
   *
   * @throws ServerException if PostgreSQL cannot start, saying why and what to do
   */
  static EmbeddedDatabase open(Path dataDir) {
    Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
    LeftoverPostgres.stopIfAny(pgData);
    Folder folder = Folder.prepare(dataDir, pgData);
    EmbeddedDatabase db = new EmbeddedDatabase(start(folder), pgData, folder.password());
    try {
      restrictPrograms(folder.programs());
      if (folder.trustsAnyone()) {
        new PasswordUpgrade(db.postgres, pgData, folder.password()).run();
      }
      db.createDatabaseIfMissing();
      return db;
    } catch (RuntimeException e) {
      db.closeAfterFailure();
      throw e;
    }
  }

  /**
   * The library makes the programs' folder writable by everyone while it unpacks them; anyone
   * could then swap the programs that this server runs. Nobody but its owner may open it.
   *
   * @throws ServerException if its permissions cannot be set
   */
  private static void restrictPrograms(Path programs) {
    try {
      OwnerOnlyFiles.restrictFolder(programs);
    } catch (IOException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Cannot make " + programs
          + " readable and writable by its owner alone: " + e.getMessage() + ". Check that it"
          + " is yours, or give another folder with --data-dir.", e);
    }
  }

  /** The JDBC URL of the {@value #DATABASE} database; the user is {@value #USER}. */
  String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  /** The password of {@value #USER}. */
  String password() {
    return password;
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

  private static EmbeddedPostgres start(Folder folder) {
    try {
      return builderWorkingIn(folder.programs())
          .setDataDirectory(folder.pgData())
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          // The library's defaults are for throwaway test databases; these are PostgreSQL's own.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          // No Unix socket: the JDBC driver does not use one, and its default folder is shared.
          .setServerConfig("unix_socket_directories", "''")
          // The library hands initdb every "locale" entry as --key=value, the only way to give it
          // options; this --auth comes after, and so overrides, the library's own "-A trust".
          .setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", folder.passwordFile().toString())
          .setDataDirectoryCustomizer(pgData -> folder.beforeFirstStart())
          .setConnectConfig("password", folder.password())
          .start();
    } catch (IOException | RuntimeException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "The embedded PostgreSQL did not"
          + " start on " + folder.pgData() + ": " + e.getMessage() + ". Check that the folder is"
          + " writable and has free space, or use an external PostgreSQL with --jdbc-url.", e);
    }
  }

  /**
   * The library unpacks PostgreSQL's programs, and cleans up what it takes for its own leftovers,
   * in a working folder that is by default shared by every user of the machine (writable by all,
   * in /tmp): another user could swap the programs that this server runs, or plant a folder that
   * makes it signal any process of its user. This server's working folder is in its data folder,
   * where nobody else may go. The library reads the folder from a system property when a builder
   * is made, and also takes it as an option for the programs. The property is the whole JVM's, so
   * setting and restoring it holds a lock.
   */
  private static EmbeddedPostgres.Builder builderWorkingIn(Path folder) {
    synchronized (WORKING_FOLDER_LOCK) {
      String before = System.setProperty(WORKING_FOLDER_PROPERTY, folder.toString());
      try {
        return EmbeddedPostgres.builder().setOverrideWorkingDirectory(folder.toFile())
            .setPgBinaryResolver(new ProgramsIn(folder));
      } finally {
        if (before == null) {
          System.clearProperty(WORKING_FOLDER_PROPERTY);
        } else {
          System.setProperty(WORKING_FOLDER_PROPERTY, before);
        }
      }
    }
  }

  /**
   * PostgreSQL's programs, as the library ships them, for a given working folder. The library
   * keeps the folder where it first unpacked programs for each resolver, whatever working folder
   * later builders name, so each folder needs its own (equal) resolver.
   *
   * @param folder where the programs are unpacked
   */
  private record ProgramsIn(Path folder) implements PgBinaryResolver {
    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
      return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }
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

  private void closeAfterFailure() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Stopping the embedded PostgreSQL after a failed start also failed", e);
    }
  }

  /**
   * The data folder as found before PostgreSQL starts: whether it is new, whether an older
   * version left it open, and the superuser's password.
   *
   * @param pgData PostgreSQL's data folder, an absolute path
   * @param programs where PostgreSQL's programs are unpacked
   * @param passwordFile where the password is kept
   * @param password the superuser's password
   * @param isNew whether PostgreSQL's data is yet to be created
   * @param trustsAnyone whether PostgreSQL lets people in without a password
   */
  private record Folder(Path pgData, Path programs, Path passwordFile, String password,
      boolean isNew, boolean trustsAnyone) {
    static Folder prepare(Path dataDir, Path pgData) {
      Path passwordFile = dataDir.resolve(PASSWORD_FILE);
      try {
        if (!OwnerOnlyFiles.folder(dataDir, Set.of(PASSWORD_FILE, pgData.getFileName().toString(),
            PROGRAMS, AdminBootstrap.FILE, CommunalServer.MIRRORS))) {
          throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, dataDir + " holds other"
              + " files and others may open it, so Communal will neither keep its password there"
              + " nor take their rights away: choose an empty or new folder for --data-dir.",
              null);
        }
        boolean isNew = !Files.exists(pgData.resolve("postgresql.conf"));
        boolean trustsAnyone = !isNew && PgHba.trustsAnyone(pgData);
        String password = password(passwordFile, isNew || trustsAnyone, pgData);
        return new Folder(pgData, pgData.resolveSibling(PROGRAMS), passwordFile, password, isNew,
            trustsAnyone);
      } catch (IOException e) {
        throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Cannot prepare the data folder "
            + dataDir + ": " + e.getMessage() + ". Check that it is yours and writable, or give"
            + " another folder with --data-dir.", e);
      }
    }

    /** The kept password; a new one when PostgreSQL does not ask for one yet. */
    private static String password(Path file, boolean mayCreate, Path pgData)
        throws IOException {
      if (Files.exists(file)) {
        return DatabasePassword.read(file);
      }
      if (!mayCreate) {
        throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "The embedded PostgreSQL in "
            + pgData + " asks for the password kept in " + file + ", which is missing. Restore"
            + " that file from a backup.", null);
      }
      String password = DatabasePassword.create();
      DatabasePassword.write(file, password);
      return password;
    }

    @Override
    public String toString() {
      return "Folder[" + pgData + ", new " + isNew + ", trusts anyone " + trustsAnyone + "]";
    }

    /** A new folder's rules want the password from its very first start. */
    void beforeFirstStart() {
      if (isNew) {
        try {
          PgHba.requirePassword(pgData);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write " + pgData.resolve(PgHba.FILE), e);
        }
      }
    }
  }
}
