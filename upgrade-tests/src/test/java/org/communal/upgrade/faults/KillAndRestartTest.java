package org.communal.upgrade.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A migrator JVM killed with SIGKILL in the middle of a migration, then a new migrator, on small
 * migration sets in which release 1.0 shipped V1 and HEAD adds V2.
 */
class KillAndRestartTest {
  private static final String SEED =
      "INSERT INTO things (name) VALUES ('apple'), ('banana'), ('cherry');";

  private static KillReport killV2(int major, String set, boolean transactionalLock) {
    List<KillReport> reports = FaultChecks.configure()
        .server(BuildServers.get(), major)
        .locations("classpath:org/communal/upgrade/" + set)
        .transactionalLock(transactionalLock)
        .after("1")
        .seed(SEED)
        .timeout(Duration.ofSeconds(30))
        .load()
        .killEachMigration();
    assertThat(reports).extracting(KillReport::version).containsExactly("2");
    return reports.get(0);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(ints = {13, 18})
  void aTransactionalMigrationKilledMidwayRollsBackAndTheRerunEqualsACleanUpgrade(int major) {
    KillReport report = killV2(major, "faults/transactional", true);

    assertThat(report.heldAt()).as(report.describe())
        .isEqualTo("ALTER TABLE things ADD COLUMN colour text REFERENCES colours (name)");
    assertThat(report.waitedFor()).isEqualTo("Lock relation");
    assertThat(report.backendOutlivedKill()).isTrue();
    assertThat(report.leftAfterKill()).as("rolled back: no colours table, names unchanged")
        .isEmpty();
    assertThat(report.findings()).as(report.describe()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(ints = {13, 18})
  void aConcurrentIndexBuildKilledMidwayLeavesAnInvalidIndexOnWhichTheRerunFails(int major) {
    KillReport report = killV2(major, "broken/kill-cic", false);

    assertThat(report.heldAt()).as(report.describe())
        .isEqualTo("CREATE INDEX CONCURRENTLY things_name_idx ON things (name)");
    assertThat(report.waitedFor()).isEqualTo("Lock virtualxid");
    assertThat(report.leftAfterKill()).as(report.describe())
        .anySatisfy(l -> assertThat(l).startsWith("index things_name_idx").contains("INVALID"));
    assertThat(report.findings()).as(report.describe()).extracting(Finding::check)
        .containsExactly("rerun-fails-after-kill", "invalid-index-left");
    assertThat(report.findings().get(0).where()).isEqualTo("V2 index names");
    assertThat(report.findings().get(0).message())
        .contains("relation \"things_name_idx\" already exists",
            "DROP INDEX CONCURRENTLY IF EXISTS", "records the migration as failed");
    assertThat(report.findings().get(1).where()).isEqualTo("index things_name_idx");
    assertThat(report.findings().get(1).message())
        .contains("on table things INVALID", "IF NOT EXISTS is not enough");
  }

  @Test
  void ifNotExistsLetsTheRerunSucceedButTheIndexStaysInvalid() {
    KillReport report = killV2(18, "broken/kill-cic-if-not-exists", false);

    assertThat(report.findings()).as(report.describe()).extracting(Finding::check)
        .containsExactlyInAnyOrder("schema-not-converged", "invalid-index-left");
    assertThat(report.findings()).allSatisfy(f ->
        assertThat(f.where()).isEqualTo("index things_name_idx"));
  }

  @Test
  void aConcurrentIndexBuildThatDropsItsLeftoverFirstConverges() {
    KillReport report = killV2(18, "faults/cic-rerunnable", false);

    assertThat(report.heldAt()).startsWith("CREATE INDEX CONCURRENTLY things_name_idx");
    assertThat(report.leftAfterKill()).as("the kill leaves the invalid index")
        .anySatisfy(l -> assertThat(l).startsWith("index things_name_idx").contains("INVALID"));
    assertThat(report.findings()).as(report.describe()).isEmpty();
  }

  @Test
  void aConcurrentIndexBuildUnderFlywaysTransactionalLockIsReportedAsWaitingOnItself() {
    KillReport report = killV2(18, "faults/cic-rerunnable", true);

    // Whether the first migrator waits on the gate or on itself first, one of the two hangs.
    assertThat(report.findings()).as(report.describe()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("migrator-waits-on-itself");
      assertThat(f.message()).contains("flyway.postgresql.transactional.lock=false");
    });
  }
}
