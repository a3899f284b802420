package org.communal.upgrade.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.faults.ConcurrencyReport.Serialisation;
import org.junit.jupiter.api.Test;

/** Two migrator JVMs released at the same moment on one database. */
class ConcurrentMigratorsTest {
  private static ConcurrencyReport run(String set, boolean transactionalLock) {
    return run(set, transactionalLock, Map.of());
  }

  private static ConcurrencyReport run(String set, boolean transactionalLock,
      Map<String, String> flyway) {
    return FaultChecks.configure()
        .server(BuildServers.get(), 18)
        .locations("classpath:org/communal/upgrade/" + set)
        .transactionalLock(transactionalLock)
        .flyway(flyway)
        .after("1")
        .seed("INSERT INTO things (name) VALUES ('apple'), ('banana');")
        .timeout(Duration.ofSeconds(30))
        .load()
        .runConcurrentMigrators();
  }

  @Test
  void flywaysTransactionalLockLetsOneMigratorInAndTheOtherFindsNothingLeft() {
    ConcurrencyReport report = run("faults/transactional", true);

    assertThat(report.seen()).as(report.describe()).isEqualTo(Serialisation.ONE_AT_A_TIME);
    assertThat(report.findings()).as(report.describe()).isEmpty();
  }

  @Test
  void flywaysSessionLockStillKeepsTwoMigratorsOutOfANonTransactionalMigrationAtOnce() {
    ConcurrencyReport report = run("faults/cic-rerunnable", false);

    assertThat(report.seen()).as(report.describe()).isEqualTo(Serialisation.ONE_AT_A_TIME);
    assertThat(report.findings()).as(report.describe()).isEmpty();
  }

  @Test
  void aMigratorThatGivesUpWaitingForFlywaysLockIsReported() {
    ConcurrencyReport report = run("faults/transactional", true,
        Map.of("flyway.lockRetryCount", "0"));

    assertThat(report.findings()).as(report.describe()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("concurrent-migrator-failed");
      assertThat(f.message()).contains("advisory lock", "flyway.lockRetryCount");
    });
  }
}
