package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MigrationReport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How plain Flyway uses the profiler: one {@code migrate} for every pending version (batched),
 * one {@code migrate} per version with {@code target} (stepwise), and batched with {@code group},
 * which puts every pending migration in one transaction.
 */
class FlywayUsageTest {
  private static final TestMigrations SET = TestMigrations.seeded()
      .add("V2__sizes.sql", "UPDATE things SET size = 0 WHERE size IS NULL;")
      .add("V3__size_default.sql", "ALTER TABLE things ALTER COLUMN size SET DEFAULT 0;")
      .add("V4__index_names.sql", "CREATE INDEX things_name ON things (name);");

  @TempDir Path dir;

  private FluentConfiguration flyway(DataSource ds) {
    FluentConfiguration flyway = Flyway.configure().dataSource(ds)
        .locations("filesystem:" + SET.writeTo(dir));
    flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    return flyway;
  }

  private static Map<String, Set<String>> codesByVersion(List<MigrationReport> reports) {
    Map<String, Set<String>> codes = new TreeMap<>();
    reports.forEach(r -> codes.put(r.version(), new TreeSet<>(r.findings().stream()
        .map(Finding::check).toList())));
    return codes;
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("org.communal.upgrade.safety.TestMigrations#majors")
  void reportsEachMigrationOfOneMigrateInOrder(int major) {
    DataSource ds = TestMigrations.database(major);
    flyway(ds).target("1").load().migrate();
    MigrationProfiler profiler = MigrationProfiler.create(ds, Set.of("1"),
        SafetySettings.defaults());

    flyway(ds).callbacks(profiler).load().migrate();

    assertThat(profiler.reports()).extracting(MigrationReport::version)
        .containsExactly("2", "3", "4");
    assertThat(codesByVersion(profiler.reports())).containsExactly(
        Map.entry("2", Set.of()), Map.entry("3", Set.of()),
        Map.entry("4", Set.of("index-not-concurrent")));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("org.communal.upgrade.safety.TestMigrations#majors")
  void reportsTheSameOneVersionAtATime(int major) {
    DataSource ds = TestMigrations.database(major);
    flyway(ds).target("1").load().migrate();
    MigrationProfiler profiler = MigrationProfiler.create(ds, Set.of("1"),
        SafetySettings.defaults());

    for (String version : List.of("2", "3", "4")) {
      flyway(ds).target(version).callbacks(profiler).load().migrate();
      assertThat(profiler.reports()).last().extracting(MigrationReport::version)
          .isEqualTo(version);
    }

    assertThat(codesByVersion(profiler.reports())).containsExactly(
        Map.entry("2", Set.of()), Map.entry("3", Set.of()),
        Map.entry("4", Set.of("index-not-concurrent")));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("org.communal.upgrade.safety.TestMigrations#majors")
  void seesRowsAndSchemaChangedInOneTransactionWhenFlywayGroupsMigrations(int major) {
    DataSource ds = TestMigrations.database(major);
    flyway(ds).target("1").load().migrate();
    MigrationProfiler profiler = MigrationProfiler.create(ds, Set.of("1"),
        SafetySettings.defaults());

    flyway(ds).group(true).callbacks(profiler).load().migrate();

    assertThat(codesByVersion(profiler.reports())).containsExactly(
        Map.entry("2", Set.of()), Map.entry("3", Set.of("data-and-schema-in-one-transaction")),
        Map.entry("4", Set.of("index-not-concurrent")));
    assertThat(profiler.reports().get(1).findings().get(0).message())
        .contains("V3__size_default.sql", "UPDATE things SET size = 0 WHERE size IS NULL");
  }
}
