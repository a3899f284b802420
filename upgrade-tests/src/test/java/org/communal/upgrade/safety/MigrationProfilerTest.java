package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.MigrationReport.LockHold;
import org.communal.upgrade.safety.TestMigrations.Profiled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check fires on a table seeded with 5,000 rows, and the safe form of each change does not,
 * on every PostgreSQL major of the build.
 */
class MigrationProfilerTest {
  private static final String MAJORS = "org.communal.upgrade.safety.TestMigrations#majors";

  @TempDir Path dir;

  private Profiled run(int major, TestMigrations set) {
    return set.profile(major, dir);
  }

  private static LockHold lock(MigrationReport report, String object) {
    return report.locks().stream().filter(l -> l.object().equals(object)).findFirst()
        .orElseThrow(() -> new AssertionError("no lock on " + object + " in " + report.locks()));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesATableRewrite(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__widen_size.sql", "ALTER TABLE things ALTER COLUMN size TYPE bigint;"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "table-rewrite");
    MigrationReport v2 = p.report("2");
    assertThat(v2.rewritten()).containsExactlyInAnyOrder("public.things", "public.things_pkey");
    assertThat(lock(v2, "public.things").mode()).isEqualTo("AccessExclusiveLock");
    assertThat(lock(v2, "public.things").rows()).isEqualTo(5000);
    assertThat(p.findings()).filteredOn(f -> f.check().equals("table-rewrite")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("V2__widen_size.sql",
            "ALTER TABLE things ALTER COLUMN size TYPE bigint", "public.things", "5,000 rows",
            "Fix: add a new column"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void addingAColumnWithAConstantDefaultIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__add_weight.sql", "ALTER TABLE things ADD COLUMN weight integer DEFAULT 7;"));

    assertThat(p.codes()).as(p.describe()).isEmpty();
    MigrationReport v2 = p.report("2");
    assertThat(lock(v2, "public.things").mode()).isEqualTo("AccessExclusiveLock");
    assertThat(v2.rewritten()).isEmpty();
    assertThat(v2.scanned()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void wideningAVarcharIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__codes.sql", "ALTER TABLE things ADD COLUMN code varchar(10);")
        .add("V3__index_codes.sql", "CREATE INDEX CONCURRENTLY things_code ON things (code);")
        .add("V4__longer_codes.sql", "ALTER TABLE things ALTER COLUMN code TYPE varchar(20);"));

    assertThat(p.failure()).as(p.describe()).isNull();
    assertThat(p.codes()).as(p.describe()).isEmpty();
    assertThat(p.report("4").rewritten()).isEmpty();
    assertThat(p.report("4").scanned()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAVolatileDefaultThatRewritesTheTable(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__add_token.sql", "ALTER TABLE things ADD COLUMN token float8 DEFAULT random();"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "table-rewrite");
    assertThat(p.findings()).filteredOn(f -> f.check().equals("table-rewrite")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("without a volatile default"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAnIndexBuiltWithoutConcurrently(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__index_names.sql", "CREATE INDEX things_name ON things (name);"));

    assertThat(p.codes()).as(p.describe()).containsExactly("index-not-concurrent");
    assertThat(lock(p.report("2"), "public.things").mode()).isEqualTo("ShareLock");
    assertThat(p.report("2").scanned()).containsExactly("public.things");
    assertThat(p.findings().get(0).message()).contains("CREATE INDEX things_name ON things (name)",
        "public.things_name", "CREATE INDEX CONCURRENTLY");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void showsTheShareLockOfAnIndexBuildBesideAStrongerLockTakenLater(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__index_names.sql", "CREATE INDEX things_name ON things (name);\n"
            + "ALTER TABLE things ADD COLUMN weight integer;"));

    List<LockHold> things = p.report("2").locks().stream()
        .filter(l -> l.object().equals("public.things")).toList();
    assertThat(things).as(p.describe()).extracting(LockHold::mode)
        .containsExactly("ShareLock", "AccessExclusiveLock");
    LockHold share = things.get(0);
    assertThat(share.rows()).isEqualTo(5000);
    assertThat(share.held()).isGreaterThanOrEqualTo(things.get(1).held());
    assertThat(p.findings()).filteredOn(f -> f.check().equals("index-not-concurrent"))
        .singleElement().satisfies(f -> assertThat(f.message()).contains(
            "writes to public.things waited behind its SHARE lock, held for "
                + share.held().toMillis() + " ms until the commit"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void followsARenamedTableToTheStatementThatRewritesIt(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__items.sql", "ALTER TABLE things RENAME TO items;\n"
            + "ALTER TABLE items ALTER COLUMN size TYPE bigint;"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "table-rewrite");
    MigrationReport v2 = p.report("2");
    assertThat(v2.rewritten()).contains("public.items");
    assertThat(v2.locks()).extracting(LockHold::object).doesNotContain("public.things");
    assertThat(lock(v2, "public.items").rows()).isEqualTo(5000);
    assertThat(p.findings()).filteredOn(f -> f.check().equals("table-rewrite")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains(
            "ran `ALTER TABLE items ALTER COLUMN size TYPE bigint`, which rewrote table"
                + " public.items (5,000 rows)"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void followsARenamedTableIntoTheNextMigrationThatLocksIt(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__items.sql", "ALTER TABLE things RENAME TO items;")
        .add("V3__index_items.sql", "CREATE INDEX items_name ON items (name);"));

    assertThat(lock(p.report("2"), "public.items").rows()).as(p.describe()).isEqualTo(5000);
    assertThat(p.report("2").findings()).isEmpty();
    assertThat(lock(p.report("3"), "public.items").mode()).isEqualTo("ShareLock");
    assertThat(p.report("3").findings()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("index-not-concurrent");
      assertThat(f.message()).contains("V3__index_items.sql ran `CREATE INDEX items_name ON"
          + " items (name)`", "on table public.items (5,000 rows)");
    });
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void aTableRenamedAwayAndCreatedAnewUnderItsNameIsANewTable(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__swap.sql", "ALTER TABLE things RENAME TO old_things;\n"
            + "CREATE TABLE things (id integer PRIMARY KEY, name text);\n"
            + "CREATE INDEX things_name ON things (name);\n"
            + "ALTER TABLE old_things ADD CONSTRAINT old_size CHECK (size >= 0);"));

    assertThat(p.report("2").findings()).as(p.describe()).extracting(Finding::check, Finding::where)
        .containsExactly(tuple("access-exclusive-held", "table public.old_things"),
            tuple("constraint-validated-in-place", "table public.old_things"));
    assertThat(lock(p.report("2"), "public.things").rows()).isZero();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAUniqueConstraintThatBuildsItsIndexUnderAccessExclusive(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__unique_names.sql", "ALTER TABLE things ADD CONSTRAINT things_name_key"
            + " UNIQUE (name);"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "index-not-concurrent");
    assertThat(p.findings()).filteredOn(f -> f.check().equals("index-not-concurrent"))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("USING INDEX"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void aConcurrentIndexWithTheTransactionalLockOffIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__index_names.sql", "CREATE INDEX CONCURRENTLY things_name ON things (name);"));

    assertThat(p.failure()).isNull();
    assertThat(p.codes()).as(p.describe()).isEmpty();
    assertThat(lock(p.report("2"), "public.things").mode())
        .isEqualTo("ShareUpdateExclusiveLock");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesSetNotNullThatScansTheTable(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__name_required.sql", "ALTER TABLE things ALTER COLUMN name SET NOT NULL;"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "not-null-scan");
    assertThat(p.report("2").scanned()).containsExactly("public.things");
    assertThat(p.findings()).filteredOn(f -> f.check().equals("not-null-scan")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("NOT VALID", "VALIDATE CONSTRAINT"));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void checkNotValidThenValidateThenSetNotNullIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__name_checked.sql", "ALTER TABLE things ADD CONSTRAINT things_name_present"
            + " CHECK (name IS NOT NULL) NOT VALID;")
        .add("V3__name_validated.sql", "ALTER TABLE things VALIDATE CONSTRAINT"
            + " things_name_present;")
        .add("V4__name_required.sql", "ALTER TABLE things ALTER COLUMN name SET NOT NULL;\n"
            + "ALTER TABLE things DROP CONSTRAINT things_name_present;"));

    assertThat(p.codes()).as(p.describe()).isEmpty();
    assertThat(lock(p.report("3"), "public.things").mode())
        .isEqualTo("ShareUpdateExclusiveLock");
    assertThat(p.report("3").scanned()).containsExactly("public.things");
    assertThat(p.report("4").scanned()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAForeignKeyValidatedInPlace(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__owner_key.sql", "ALTER TABLE things ADD CONSTRAINT things_owner"
            + " FOREIGN KEY (owner) REFERENCES owners (id);"));

    assertThat(p.codes()).as(p.describe()).containsExactly("constraint-validated-in-place");
    MigrationReport v2 = p.report("2");
    assertThat(lock(v2, "public.things").mode()).isEqualTo("ShareRowExclusiveLock");
    assertThat(lock(v2, "public.owners").mode()).isEqualTo("ShareRowExclusiveLock");
    assertThat(p.findings().get(0).message()).contains("foreign key things_owner",
        "public.owners", "NOT VALID", "VALIDATE CONSTRAINT things_owner");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesACheckValidatedInPlace(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__size_positive.sql", "ALTER TABLE things ADD CONSTRAINT things_size_positive"
            + " CHECK (size >= 0);"));

    assertThat(p.codes()).as(p.describe())
        .containsExactly("access-exclusive-held", "constraint-validated-in-place");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void foreignKeyNotValidThenValidateIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__owner_key.sql", "ALTER TABLE things ADD CONSTRAINT things_owner"
            + " FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID;")
        .add("V3__owner_key_validated.sql", "ALTER TABLE things VALIDATE CONSTRAINT"
            + " things_owner;"));

    assertThat(p.codes()).as(p.describe()).isEmpty();
    MigrationReport v3 = p.report("3");
    assertThat(lock(v3, "public.things").mode()).isEqualTo("ShareUpdateExclusiveLock");
    assertThat(lock(v3, "public.owners").mode()).isEqualTo("RowShareLock");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesRowsChangedAndTheTableAlteredInOneTransaction(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__sizes.sql", "UPDATE things SET size = 0 WHERE size IS NULL;\n"
            + "ALTER TABLE things ALTER COLUMN size SET DEFAULT 0;"));

    assertThat(p.codes()).as(p.describe()).containsExactly("data-and-schema-in-one-transaction");
    assertThat(p.findings().get(0).message()).contains("UPDATE things SET size = 0",
        "ALTER TABLE things ALTER COLUMN size SET DEFAULT 0", "pending trigger events",
        "migration of their own");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void explainsTheAlterThatFailsOnPendingTriggerEvents(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__deferred_owners.sql", "ALTER TABLE things ADD CONSTRAINT things_owner"
            + " FOREIGN KEY (owner) REFERENCES owners (id)"
            + " DEFERRABLE INITIALLY DEFERRED NOT VALID;")
        .add("V3__reassign.sql", "UPDATE things SET owner = 1 WHERE id <= 10;\n"
            + "ALTER TABLE things ADD COLUMN weight integer;"));

    assertThat(p.failure()).hasMessageContaining("pending trigger events");
    assertThat(p.report("3").findings()).extracting(Finding::check)
        .containsExactly("data-and-schema-in-one-transaction");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void changingRowsInAMigrationOfTheirOwnIsSafe(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__sizes.sql", "UPDATE things SET size = 0 WHERE size IS NULL;")
        .add("V3__size_default.sql", "ALTER TABLE things ALTER COLUMN size SET DEFAULT 0;"));

    assertThat(p.codes()).as(p.describe()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAnIndexRebuiltByACollationChange(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__index_names.sql", "CREATE INDEX CONCURRENTLY things_name ON things (name);")
        .add("V3__names_bytewise.sql", "ALTER TABLE things ALTER COLUMN name TYPE text"
            + " COLLATE \"C\";"));

    assertThat(p.codes()).as(p.describe()).containsExactly("access-exclusive-held",
        "index-rebuild");
    assertThat(p.report("3").rewritten()).containsExactly("public.things_name");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void measuresHowLongAccessExclusiveWasHeld(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__slow.sql", "ALTER TABLE things ADD COLUMN weight integer;\n"
            + "SELECT pg_sleep(0.3);"));

    LockHold held = lock(p.report("2"), "public.things");
    assertThat(held.mode()).isEqualTo("AccessExclusiveLock");
    assertThat(held.held()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(p.report("2").duration()).isGreaterThanOrEqualTo(held.held());
    assertThat(p.codes()).as("under the default threshold of 1 s: " + p.describe()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void leavesItsOwnMeasuringTimeOutOfTheHoldTimes(int major) {
    StringBuilder tables = new StringBuilder("ALTER TABLE things ADD COLUMN weight integer;\n");
    for (int i = 0; i < 40; i++) {
      tables.append("CREATE TABLE extra_").append(i).append(" (id integer PRIMARY KEY);\n");
    }
    Profiled p = run(major, TestMigrations.seeded().add("V2__many.sql", tables.toString()));

    assertThat(p.codes()).as(p.describe()).isEmpty();
    assertThat(lock(p.report("2"), "public.things").held()).isLessThan(Duration.ofSeconds(1));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void catchesAccessExclusiveHeldLongerThanTheThreshold(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .settings(SafetySettings.builder().accessExclusiveThreshold(Duration.ofMillis(200)).build())
        .add("V2__slow.sql", "ALTER TABLE things ADD COLUMN weight integer;\n"
            + "SELECT pg_sleep(0.3);"));

    assertThat(p.codes()).as(p.describe()).containsExactly("access-exclusive-held");
    assertThat(p.findings().get(0).message()).contains("ALTER TABLE things ADD COLUMN weight",
        "public.things", "5,000 rows", "keep the transaction that alters public.things short");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void releasedMigrationsGiveWarningsNotFailures(int major) {
    Profiled p = run(major, TestMigrations.seeded().released("1", "2")
        .add("V2__widen_size.sql", "ALTER TABLE things ALTER COLUMN size TYPE bigint;")
        .add("V3__index_names.sql", "CREATE INDEX things_name ON things (name);"));

    assertThat(p.report("2").findings()).as(p.describe()).isNotEmpty()
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING))
        .allSatisfy(f -> assertThat(f.message()).contains("already released"));
    assertThat(p.report("3").findings()).isNotEmpty()
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.FAILURE));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void reportsTheLockOnATypeButNotTheAccessShareNoiseOnTypes(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__moods.sql", "CREATE TYPE mood AS ENUM ('calm', 'busy');\n"
            + "ALTER TABLE things ADD COLUMN mood mood;")
        .add("V3__more_moods.sql", "ALTER TYPE mood ADD VALUE 'away';"));

    assertThat(p.report("3").locks()).extracting(LockHold::object, LockHold::mode)
        .containsExactly(tuple("public.mood", "ExclusiveLock"));
    assertThat(p.report("2").locks()).extracting(LockHold::object)
        .doesNotContain("public.mood");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void ignoresTablesTheMigrationCreatesItself(int major) {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__labels.sql", """
            CREATE TABLE labels (id integer PRIMARY KEY, name text);
            INSERT INTO labels SELECT g, 'label ' || g FROM generate_series(1, 1000) g;
            ALTER TABLE labels ALTER COLUMN name SET NOT NULL;
            CREATE INDEX labels_name ON labels (name);
            """));

    assertThat(p.codes()).as(p.describe()).isEmpty();
    assertThat(lock(p.report("2"), "public.labels").rows()).isZero();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource(MAJORS)
  void leavesTheMigrationItMeasuresAsItWas(int major) throws Exception {
    Profiled p = run(major, TestMigrations.seeded()
        .add("V2__widen_size.sql", "ALTER TABLE things ALTER COLUMN size TYPE bigint;"));

    assertThat(p.failure()).isNull();
    try (var c = p.database().getConnection(); var s = c.createStatement();
        var rs = s.executeQuery(
            "SELECT count(*), sum(size), pg_typeof(max(size))::text FROM things")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(5000);
      assertThat(rs.getLong(2)).isEqualTo(5000L / 100 * (99 * 100 / 2));
      assertThat(rs.getString(3)).isEqualTo("bigint");
    }
  }
}
