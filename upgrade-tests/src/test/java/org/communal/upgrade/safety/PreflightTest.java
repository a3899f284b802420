package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.communal.upgrade.Finding;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

/** The preflight reads migration files and Flyway's configuration, without a database. */
class PreflightTest {
  private static Map<String, byte[]> files(String... nameAndSql) {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < nameAndSql.length; i += 2) {
      files.put(nameAndSql[i], nameAndSql[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  @Test
  void findsEveryConcurrentIndexBuildUnderTheTransactionalLock() {
    var findings = Preflight.check(files(
        "V2__index.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a ON t (x);",
        "V3__index.sql", "-- for search\ncreate index\n  concurrently b on t (y);",
        "V4__plain.sql", "CREATE INDEX c ON t (z);"), true);

    assertThat(findings).extracting(Finding::check).containsOnly(
        "concurrent-index-under-transactional-lock");
    assertThat(findings).extracting(Finding::message).satisfiesExactly(
        m -> assertThat(m).startsWith("V2__index.sql runs"
            + " `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a ON t (x)`"),
        m -> assertThat(m).startsWith("V3__index.sql runs `create index concurrently b on t (y)`"));
    assertThat(findings).allSatisfy(f -> assertThat(f.fails()).isTrue());
  }

  @Test
  void findsNothingWithTheTransactionalLockOff() {
    assertThat(Preflight.check(files("V2__index.sql", "CREATE INDEX CONCURRENTLY a ON t (x);"),
        false)).isEmpty();
  }

  @Test
  void ignoresConcurrentlyInCommentsStringsAndBodies() {
    assertThat(Preflight.check(files("V2__quiet.sql", """
        -- CREATE INDEX CONCURRENTLY a ON t (x);
        /* CREATE INDEX CONCURRENTLY b ON t (x); /* nested */ still a comment; */
        INSERT INTO notes VALUES ('CREATE INDEX CONCURRENTLY c ON t (x);');
        CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $body$
          SELECT 'CREATE INDEX CONCURRENTLY d ON t (x)';
        $body$;
        """), true)).isEmpty();
  }

  @Test
  void ignoresFilesThatAreNotMigrations() {
    assertThat(Preflight.check(files("notes.sql", "CREATE INDEX CONCURRENTLY a ON t (x);"), true))
        .isEmpty();
  }

  @Test
  void readsTheTransactionalLockFromFlywaysConfiguration() {
    FluentConfiguration flyway = Flyway.configure();
    assertThat(Preflight.transactionalLock(flyway)).as("Flyway's default").isTrue();

    flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    assertThat(Preflight.transactionalLock(flyway)).isFalse();
  }
}
