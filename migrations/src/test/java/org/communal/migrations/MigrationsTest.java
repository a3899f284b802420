package org.communal.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static EmbeddedPostgres postgres;
  private static int databases;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static DataSource newDatabase() throws SQLException {
    String name = "m" + (++databases);
    sql(postgres.getPostgresDatabase(), "CREATE DATABASE " + name);
    return postgres.getDatabase("postgres", name);
  }

  private static void sql(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> tables(DataSource ds) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            + " AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  @Test
  void migratesAnEmptyDatabaseToTheNewestVersion() throws Exception {
    DataSource ds = newDatabase();
    Migrations migrations = Migrations.configure().dataSource(ds).load();

    MigrationResult result = migrations.migrate();

    assertThat(result.from()).isEmpty();
    assertThat(result.to()).isEqualTo(migrations.latestVersion());
    assertThat(result.applied()).isEqualTo(migrations.files().size());
    assertThat(tables(ds)).containsExactly("api_tokens", "audit_log", "change_descriptions",
        "comments", "default_reviewers", "diffsets", "filediffs", "group_members", "groups",
        "repositories", "review_request_depends_on", "review_request_drafts",
        "review_request_target_groups", "review_request_target_people", "review_requests",
        "reviews", "sessions", "status_updates", "users", "webhook_deliveries", "webhooks");
    assertThat(migrations.status().upToDate()).isTrue();
    assertThat(migrations.validate()).isEmpty();
  }

  @Test
  void aSecondMigrateAppliesNothing() throws Exception {
    DataSource ds = newDatabase();
    Migrations migrations = Migrations.configure().dataSource(ds).load();
    migrations.migrate();

    MigrationResult again = migrations.migrate();

    assertThat(again.applied()).isZero();
    assertThat(again.from()).contains(migrations.latestVersion());
  }

  @Test
  void installsAnOldReleaseWithATargetAndReportsWhatIsPending() throws Exception {
    DataSource ds = newDatabase();
    Migrations.configure().dataSource(ds).target("2").load().migrate();

    SchemaStatus status = Migrations.configure().dataSource(ds).load().status();

    assertThat(status.current()).contains("2");
    assertThat(status.pending()).first().isEqualTo("3");
    assertThat(status.upToDate()).isFalse();
  }

  @Test
  void refusesADatabaseThatANewerReleaseMigrated() throws Exception {
    DataSource ds = newDatabase();
    Migrations migrations = Migrations.configure().dataSource(ds).load();
    migrations.migrate();
    sql(ds, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
        + " checksum, installed_by, execution_time, success) VALUES (1000, '999', 'from the future',"
        + " 'SQL', 'V999__from_the_future.sql', 0, 'postgres', 1, true)");

    assertThatThrownBy(migrations::migrate)
        .isInstanceOf(SchemaTooNewException.class)
        .hasMessageContaining("schema version 999")
        .hasMessageContaining("up to " + migrations.latestVersion());
  }

  @Test
  void refusesADatabaseWhoseAppliedMigrationWasEdited() throws Exception {
    DataSource ds = newDatabase();
    Migrations migrations = Migrations.configure().dataSource(ds).load();
    migrations.migrate();
    sql(ds, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

    assertThatThrownBy(migrations::migrate)
        .isInstanceOf(SchemaInvalidException.class)
        .hasMessageContaining("version 1")
        .satisfies(e -> assertThat(((SchemaInvalidException) e).problems())
            .extracting(Problem::code).containsExactly("migration-checksum-mismatch"));
  }

  @Test
  void readsTheBytesOfEveryShippedMigration() throws Exception {
    Migrations migrations = Migrations.configure().dataSource(newDatabase()).load();

    assertThat(migrations.files()).containsKey("V1__create_users.sql");
    assertThat(new String(migrations.files().get("V1__create_users.sql"), "UTF-8"))
        .contains("CREATE TABLE users");
  }
}
