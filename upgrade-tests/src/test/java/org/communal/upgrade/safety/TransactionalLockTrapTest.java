package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.communal.upgrade.Finding;
import org.communal.upgrade.safety.TestMigrations.Profiled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code CREATE INDEX CONCURRENTLY} under Flyway's default {@code postgresql.transactional.lock}
 * waits forever on Flyway's own transaction: the preflight sees it in the files, and the observer
 * cancels it within seconds when it runs anyway.
 */
class TransactionalLockTrapTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final TestMigrations TRAP = TestMigrations.seeded().withTransactionalLock()
      .add("V2__index_names.sql", "CREATE INDEX CONCURRENTLY things_name ON things (name);");

  @TempDir Path dir;

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("org.communal.upgrade.safety.TestMigrations#majors")
  void cancelsAConcurrentIndexThatWaitsOnFlywaysOwnTransaction(int major) {
    long start = System.nanoTime();
    Profiled p = assertTimeoutPreemptively(DEADLINE, () -> TRAP.profile(major, dir),
        "the concurrent index build hung: the observer did not cancel it");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(p.failure()).as("Flyway reports the cancelled migration").isNotNull();
    assertThat(p.codes()).as(p.describe())
        .containsExactly("concurrent-index-under-transactional-lock");
    Finding trap = p.findings().get(0);
    assertThat(trap.fails()).isTrue();
    assertThat(trap.message()).contains("V2__index_names.sql",
        "CREATE INDEX CONCURRENTLY things_name ON things (name)", "idle in a transaction",
        "flyway.postgresql.transactional.lock=false", "flyway/flyway#3854");
    assertThat(took).as("caught in seconds, including installing V1").isLessThan(
        Duration.ofSeconds(20));
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("org.communal.upgrade.safety.TestMigrations#majors")
  void theSameMigrationRunsWithTheTransactionalLockOff(int major) {
    TestMigrations off = TestMigrations.seeded()
        .add("V2__index_names.sql", "CREATE INDEX CONCURRENTLY things_name ON things (name);");

    Profiled p = assertTimeoutPreemptively(DEADLINE, () -> off.profile(major, dir));

    assertThat(p.failure()).isNull();
    assertThat(p.codes()).as(p.describe()).isEmpty();
  }

  @Test
  void thePreflightNamesTheSameTrapBeforeAnythingRuns() {
    assertThat(Preflight.check(TRAP.bytes(), TRAP.transactionalLock()))
        .extracting(Finding::check, Finding::where)
        .containsExactly(tuple(
            "concurrent-index-under-transactional-lock", "flyway.postgresql.transactional.lock"));
    assertThat(Preflight.check(TRAP.bytes(), false)).isEmpty();
  }
}
