package org.communal.upgrade.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.Migrations;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault checks on Communal's own migrations, as Communal runs Flyway: from the newest release
 * that HEAD has migrations after, with its fixture rows, a migrator killed in the middle of each
 * later migration converges to a clean upgrade, and two migrators at once apply each migration
 * once. {@code
 * -Dcommunal.faults.full=true} also kills in every migration after the first, on PostgreSQL 13
 * and 18 (about a minute per major).
 */
class CommunalFaultsTest {
  private static final ReleaseMap RELEASES = ReleaseMap.communal();
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*");

  /** The newest release with migrations after it, so that there is something to kill. */
  private static Release newestWithMigrationsAfter() {
    int head = MigrationFiles.read(CommunalFaultsTest.class.getClassLoader(),
        Migrations.COMMUNAL_LOCATION).keySet().stream().map(VERSION::matcher)
        .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
    List<Release> releases = new ArrayList<>(RELEASES.releases());
    Collections.reverse(releases);
    return releases.stream().filter(r -> Integer.parseInt(r.schemaVersion()) < head).findFirst()
        .orElseThrow();
  }

  private static FaultChecks.Builder communal(int major) {
    return FaultChecks.configure()
        .server(BuildServers.get(), major)
        .locations(Migrations.COMMUNAL_LOCATION)
        .flyway(Migrations.FLYWAY_SETTINGS)
        .timeout(Duration.ofSeconds(30));
  }

  private static FaultChecks fromNewestRelease(int major) {
    Release release = newestWithMigrationsAfter();
    String fixture = Fixtures.classpath(CommunalFaultsTest.class.getClassLoader(),
        "org/communal/upgrade/fixtures").upTo(RELEASES, release).orElseThrow();
    return communal(major).after(release.schemaVersion()).seed(fixture).load();
  }

  @Test
  void aMigratorKilledInTheMiddleOfEachOfTheNewestMigrationsConverges() {
    List<KillReport> reports = fromNewestRelease(18).killEachMigration();

    assertThat(reports).isNotEmpty().allSatisfy(r -> {
      assertThat(r.killedMidway()).as(r.describe()).isTrue();
      assertThat(r.findings()).as(r.describe()).isEmpty();
    });
  }

  @Test
  void twoMigratorsAtOnceApplyEachCommunalMigrationOnce() {
    ConcurrencyReport report = fromNewestRelease(18).runConcurrentMigrators();

    assertThat(report.seen()).as(report.describe())
        .isEqualTo(ConcurrencyReport.Serialisation.ONE_AT_A_TIME);
    assertThat(report.findings()).as(report.describe()).isEmpty();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(ints = {13, 18})
  @EnabledIfSystemProperty(named = "communal.faults.full", matches = "true",
      disabledReason = "kills in every migration after the first, about a minute per major:"
          + " run with -Dcommunal.faults.full=true")
  void aMigratorKilledInTheMiddleOfEveryMigrationConverges(int major) {
    List<KillReport> reports = communal(major).load().killEachMigration();

    assertThat(reports).hasSizeGreaterThanOrEqualTo(8).allSatisfy(r -> {
      assertThat(r.killedMidway()).as(r.describe()).isTrue();
      assertThat(r.findings()).as(r.describe()).isEmpty();
    });
  }
}
