package org.communal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.communal.migrations.Migrations;
import org.communal.migrations.ReleaseMap;
import org.communal.upgrade.report.ConsoleProgress;
import org.communal.upgrade.report.Reports;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Communal's own upgrade matrix: an empty database and every release in the release map,
 * upgraded to HEAD batched and one migration at a time, in UTC and in a zone with summer time, on
 * each PostgreSQL major in {@code communal.upgrade.majors} (13 and 18 by default; the {@code
 * upgrade-matrix} profile runs 13 to 18). One test per path; the HTML report, JUnit XML per path
 * and JSON are written to {@code target/upgrade-report}.
 */
class CommunalUpgradeTest {
  static MatrixSettings settings() {
    List<Integer> majors = Arrays.stream(System.getProperty("communal.upgrade.majors", "13,18")
        .split(",")).map(String::strip).map(Integer::valueOf).toList();
    return MatrixSettings.defaults("Communal", Migrations.COMMUNAL_LOCATION, ReleaseMap.communal())
        .withMajors(majors)
        .withFixtures(Fixtures.classpath(CommunalUpgradeTest.class.getClassLoader(),
            "org/communal/upgrade/fixtures"))
        // Migrated exactly as Communal migrates.
        .withFlyway(Migrations.FLYWAY_SETTINGS);
  }

  @TestFactory
  Stream<DynamicTest> everyPathUpgradesToHeadWithoutLosingDataAndMatchesAFreshInstall() {
    ConsoleProgress console = new ConsoleProgress(System.out, false);
    MatrixResult result = UpgradeMatrix.run(settings(), BuildServers.get(), console);
    console.summary(result);
    // The same reports the command line writes, for Jenkins to archive and people to read.
    Reports.write(result, Path.of("target", "upgrade-report"));

    assertThat(result.paths()).as("one path per start, major, mode and zone").hasSize(
        (ReleaseMap.communal().releases().size() + 1) * settings().majors().size() * 2 * 2);
    return result.paths().stream().map(path -> DynamicTest.dynamicTest(path.spec().name(),
        () -> assertThat(path.problems()).as(path.describe()).isEmpty()));
  }
}
