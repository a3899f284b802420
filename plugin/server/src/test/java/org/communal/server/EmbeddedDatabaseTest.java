package org.communal.server;

import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as the standalone server runs it: only its owner may connect, and what
 * it commits survives a crash of the machine.
 */
class EmbeddedDatabaseTest {
  /** The embedded library's shared working folder, by default /tmp/embedded-pg. */
  private static final String WORKING_FOLDER = "ot.epg.working-dir";

  @TempDir static Path sharedDataDir;
  private static EmbeddedDatabase shared;

  @TempDir Path dataDir;

  @BeforeAll
  static void openShared() {
    // The embedded library keeps the first programs it unpacked in a JVM for every later
    // instance; the tests' own PostgreSQL must not decide where the server's programs come from.
    TestPostgres.emptyDatabase();
    shared = EmbeddedDatabase.open(sharedDataDir);
  }

  @AfterAll
  static void closeShared() throws IOException {
    shared.close();
  }

  @Test
  void refusesConnectionsWithoutTheSecretOrWithAWrongOne() throws Exception {
    assertRefused(shared.jdbcUrl(), null);
    assertRefused(shared.jdbcUrl(), "not the secret");
    try (Connection c = connect(shared.jdbcUrl(), secret(sharedDataDir))) {
      assertThat(show(c, "SELECT current_user")).isEqualTo("postgres");
    }
  }

  @Test
  void keepsTheSecretInAFileOnlyItsOwnerCanRead() throws Exception {
    Path file = sharedDataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);

    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(OWNER_READ,
        OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(sharedDataDir)).containsExactlyInAnyOrder(
        OWNER_READ, OWNER_WRITE, OWNER_EXECUTE);
    assertThat(secret(sharedDataDir)).hasSizeGreaterThanOrEqualTo(32);
    assertThat(shared.password()).isEqualTo(secret(sharedDataDir));
  }

  @Test
  void trustsNobodyAndHasNoUnixSocket() throws Exception {
    assertThat(trustLines(shared.pgData())).isEmpty();
    try (Connection c = connect(shared.jdbcUrl(), secret(sharedDataDir))) {
      assertThat(show(c, "SHOW unix_socket_directories")).isEmpty();
    }
  }

  @Test
  void runsPostgresFromProgramsInTheDataFolderThatNobodyElseCanChange() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(shared.pgData().resolve("postmaster.pid")).get(0));
    String program = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();

    assertThat(Path.of(program)).startsWith(sharedDataDir);
  }

  @Test
  void nobodyButItsOwnerMayChangeTheProgramsFolder() throws Exception {
    assertThat(Files.getPosixFilePermissions(sharedDataDir.resolve(EmbeddedDatabase.PROGRAMS)))
        .containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE);
  }

  @Test
  void refusesAnotherFolderThatOthersMayReadInsteadOfLockingThemOut(@TempDir Path home)
      throws Exception {
    Files.writeString(home.resolve("notes.txt"), "the user's own");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> EmbeddedDatabase.open(home))
        .isInstanceOfSatisfying(ServerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE))
        .hasMessageContaining(home.toString())
        .hasMessageContaining("choose an empty or new folder for --data-dir");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void makesItsOwnFolderOwnerOnlyAgain() throws Exception {
    EmbeddedDatabase.open(dataDir).close();
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

    EmbeddedDatabase.open(dataDir).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
  }

  @Test
  void takesOnAFolderThatAServerOnAnExternalDatabaseLeft() throws Exception {
    // What a server run with --jdbc-url leaves: the admin's password file and the mirrors.
    Files.writeString(dataDir.resolve(AdminBootstrap.FILE), "one-time");
    Files.createDirectories(dataDir.resolve("mirrors"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

    EmbeddedDatabase.open(dataDir).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
  }

  @Test
  void leavesAloneWhatOthersPutInTheSharedWorkingFolder(@TempDir Path sharedFolder)
      throws Exception {
    // Another user's folder that looks like one the embedded library left: old, unlocked.
    Path planted = Files.createDirectories(sharedFolder.resolve("planted"));
    Files.setLastModifiedTime(Files.createFile(planted.resolve("epg-lock")),
        FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Process victim = new ProcessBuilder("sleep", "600").start();
    Files.writeString(planted.resolve("postmaster.pid"), victim.pid() + "\n" + planted + "\n");
    String before = System.setProperty(WORKING_FOLDER, sharedFolder.toString());
    try {
      EmbeddedDatabase.open(dataDir).close();

      assertThat(planted).exists();
      assertThat(victim.isAlive()).as("the process named in the planted folder").isTrue();
    } finally {
      victim.destroyForcibly();
      restore(WORKING_FOLDER, before);
    }
  }

  @Test
  void runsWithPostgresDurableSettings() throws Exception {
    try (Connection c = connect(shared.jdbcUrl(), secret(sharedDataDir))) {
      assertThat(show(c, "SHOW fsync")).isEqualTo("on");
      assertThat(show(c, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(show(c, "SHOW full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void upgradesAFolderThatAnOlderVersionLeftOpenToEveryLocalUser() throws Exception {
    Path pgData = dataDir.resolve("postgres");
    try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(pgData)
        .setCleanDataDirectory(false).setRegisterShutdownHook(false).start()) {
      execute(older.getPostgresDatabase().getConnection(), "CREATE DATABASE communal");
      execute(older.getDatabase("postgres", "communal").getConnection(),
          "CREATE TABLE kept AS SELECT 'from before' AS what");
    }
    assertThat(trustLines(pgData)).as("what older versions wrote").isNotEmpty();

    try (EmbeddedDatabase db = EmbeddedDatabase.open(dataDir)) {
      assertThat(trustLines(pgData)).isEmpty();
      assertRefused(db.jdbcUrl(), null);
      try (Connection c = connect(db.jdbcUrl(), secret(dataDir))) {
        assertThat(show(c, "SELECT what FROM kept")).isEqualTo("from before");
      }
    }
  }

  @Test
  void theUpgradeShutsOutRolesThatWereMadeWhileTheFolderTrustedEveryone() throws Exception {
    Path pgData = dataDir.resolve("postgres");
    try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(pgData)
        .setCleanDataDirectory(false).setRegisterShutdownHook(false).start()) {
      execute(older.getPostgresDatabase().getConnection(),
          "CREATE ROLE intruder SUPERUSER LOGIN PASSWORD 'known to the intruder'");
    }

    try (EmbeddedDatabase db = EmbeddedDatabase.open(dataDir)) {
      String asIntruder = db.jdbcUrl().replace("user=postgres", "user=intruder");
      assertThat(asIntruder).contains("user=intruder");
      assertThatThrownBy(() -> connect(asIntruder, "known to the intruder").close())
          .as("the intruder connects with its password").isInstanceOf(SQLException.class);
      try (Connection c = connect(db.jdbcUrl(), secret(dataDir))) {
        assertThat(show(c, "SELECT current_user")).isEqualTo("postgres");
        assertThat(show(c, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'intruder'"))
            .isEqualTo("f");
      }
    }
  }

  @Test
  void leavesAProcessAloneThatReusedTheNumberInAStalePidFile() throws Exception {
    EmbeddedDatabase.open(dataDir).close();
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      Files.writeString(dataDir.resolve("postgres/postmaster.pid"), unrelated.pid() + "\n"
          + dataDir.resolve("postgres").toAbsolutePath() + "\n");

      try (EmbeddedDatabase db = EmbeddedDatabase.open(dataDir);
          Connection c = connect(db.jdbcUrl(), secret(dataDir))) {
        assertThat(show(c, "SELECT 1")).isEqualTo("1");
      }
      assertThat(unrelated.isAlive()).as("the unrelated process still runs").isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void refusesAFolderThatARunningServerUses() throws Exception {
    try (EmbeddedDatabase first = EmbeddedDatabase.open(dataDir)) {
      assertThatThrownBy(() -> EmbeddedDatabase.open(dataDir))
          .isInstanceOfSatisfying(ServerException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE))
          .hasMessageContaining("another Communal uses this data folder");
      try (Connection c = connect(first.jdbcUrl(), secret(dataDir))) {
        assertThat(show(c, "SELECT 1")).as("the first one still runs").isEqualTo("1");
      }
    }
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  private static String secret(Path dataDir) throws IOException {
    return Files.readString(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE)).strip();
  }

  private static Connection connect(String jdbcUrl, String password) throws SQLException {
    Properties properties = new Properties();
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  private static void assertRefused(String jdbcUrl, String password) {
    assertThatThrownBy(() -> connect(jdbcUrl, password).close())
        .as("connecting with password %s", password)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password");
  }

  private static String show(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      assertThat(rs.next()).as(query).isTrue();
      return rs.getString(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (c; Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The lines of pg_hba.conf, comments aside, that let someone in without a password. */
  private static List<String> trustLines(Path pgData) throws IOException {
    return Files.readAllLines(pgData.resolve("pg_hba.conf")).stream()
        .map(l -> l.replaceAll("#.*", "").strip())
        .filter(l -> l.matches("(?i).*\\btrust\\b.*"))
        .toList();
  }
}
