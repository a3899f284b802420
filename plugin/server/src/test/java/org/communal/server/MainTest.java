package org.communal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.communal.testing.TestPostgres;
import org.communal.testing.TestPostgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's refusals: each failure gets its exit code and a message that says what to do. */
class MainTest {
  @TempDir Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void refusesADatabaseThatANewerCommunalMigrated() throws Exception {
    TestDatabase db = TestPostgres.migratedDatabase();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
          + " script, checksum, installed_by, execution_time, success) VALUES (1000, '999',"
          + " 'future', 'SQL', 'V999__future.sql', 0, 'postgres', 1, true)");
    }

    int code = run("--port", "0", "--jdbc-url", db.jdbcUrl(), "--db-user", "postgres");

    assertThat(code).isEqualTo(ExitCodes.SCHEMA_REFUSED);
    assertThat(err.toString()).contains("schema version 999", "newer Communal");
  }

  @Test
  void saysWhenTheExternalDatabaseCannotBeReached() {
    int code = run("--port", "0", "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "--db-user", "nobody");

    assertThat(code).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(err.toString()).contains("Cannot connect to PostgreSQL", "--db-user");
  }

  @Test
  void saysWhenThePortIsTaken() throws Exception {
    TestDatabase db = TestPostgres.migratedDatabase();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int code = run("--port", String.valueOf(taken.getLocalPort()), "--jdbc-url", db.jdbcUrl(),
          "--db-user", "postgres");

      assertThat(code).isEqualTo(ExitCodes.PORT_UNAVAILABLE);
      assertThat(err.toString()).contains(String.valueOf(taken.getLocalPort()), "--port");
    }
  }

  @Test
  void aWrongOptionIsAUsageError() {
    assertThat(run("--prot", "80")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--prot");
  }

  @Test
  void maxRequestsMustBePositiveAndReachesTheSettings() {
    assertThat(run("--max-requests", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--max-requests must be 1 or more, was 0");

    Main main = new Main(Map.of(), new PrintWriter(out, true));
    new picocli.CommandLine(main).parseArgs("--max-requests", "3");
    assertThat(main.settings().maxRequests()).isEqualTo(3);
    Main unset = new Main(Map.of(), new PrintWriter(out, true));
    new picocli.CommandLine(unset).parseArgs();
    assertThat(unset.settings().maxRequests()).isZero();
  }

  @Test
  void onlyAShutdownThatMainDidNotAskForIsASignal() {
    assertThat(Main.stoppedBySignal()).as("before Main exits").isTrue();

    Main.exitRequested();

    assertThat(Main.stoppedBySignal()).as("once Main calls System.exit").isFalse();
  }

  @Test
  void helpListsTheOptionsAndExitCodes() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--data-dir", "--jdbc-url", "PGPASSWORD", "--max-requests",
        "Exit codes", "SIGTERM");
  }
}
