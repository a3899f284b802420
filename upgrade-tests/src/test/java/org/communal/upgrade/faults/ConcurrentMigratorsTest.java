package org.communal.upgrade.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.faults.ConcurrencyReport.Serialisation;
import org.junit.jupiter.api.Test;

/** Two migrator JVMs released at the same moment on one database. */
class ConcurrentMigratorsTest {
  private static ConcurrencyReport run(String set, boolean transactionalLock) {
    return FaultChecks.configure()
        .server(BuildServers.get(), 18)
        .locations("classpath:org/communal/upgrade/" + set)
        .transactionalLock(transactionalLock)
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
}
