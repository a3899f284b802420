package org.communal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.ReleaseMap;
import org.junit.jupiter.api.Test;

/** Each broken migration set must be caught by the path, with a message that names the cause. */
class BrokenMigrationsTest {
  private static final String FIXTURE =
      "INSERT INTO things (name) VALUES ('apple'), ('banana'), ('cherry');";

  /** The path from release 1.0, which shipped V1, to HEAD, which adds the rest of the set. */
  static PathResult run(String set) {
    // The fixture's three rows alone, so that the messages name exact values.
    return run(set, 0);
  }

  /** The same path, with generated rows per table beside the fixture's. */
  static PathResult run(String set, int rows) {
    String location = "classpath:org/communal/upgrade/broken/" + set;
    Map<String, byte[]> files = MigrationFiles.read(BrokenMigrationsTest.class.getClassLoader(),
        location);
    String v1 = files.keySet().stream().filter(f -> f.startsWith("V1__")).findFirst().orElseThrow();
    ReleaseMap map = ReleaseMap.parse("1.0 1\n", ReleaseMap.sha256(files.get(v1)) + " 1.0 " + v1);
    int major = BuildServers.get().majors().iterator().next();
    MatrixSettings settings = MatrixSettings.defaults(set, location, map)
        .withMajors(List.of(major)).withModes(List.of(Mode.BATCHED))
        .withZones(List.of(MatrixSettings.UTC)).withFromEmpty(false)
        .withFixtures(release -> Optional.of(FIXTURE))
        .withData(rows, 1);
    return UpgradeMatrix.run(settings, BuildServers.get(), Progress.NONE).paths().get(0);
  }

  @Test
  void catchesAnIdentitySequenceThatWasNotMovedPastTheExistingIds() {
    PathResult result = run("sequence");

    assertThat(result.problems()).as(result.describe()).anySatisfy(p -> assertThat(p)
        .contains("things.id", "would hand out 1", "already holds 3", "setval"));
  }

  @Test
  void reportsAnEdgeValueThatFailsASoundMigrationAndThePathsOtherFindingsFromPlainValues() {
    PathResult result = run("edge-value-indexed", 100);

    assertThat(result.findings()).as(result.describe()).extracting(Finding::check)
        .doesNotContain("migration-failed")
        .contains("edge-value-fails-migration", "index-not-concurrent", "data-lost",
            "schema-differs");
    assertThat(result.findings()).filteredOn(f -> f.check().equals("edge-value-fails-migration"))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
          assertThat(f.where()).isEqualTo("column things.notes");
          assertThat(f.message()).contains("V2__index_notes.sql failed at `CREATE INDEX"
              + " things_notes ON things (notes)`", "(PostgreSQL: index row",
              "when things.notes held the generated edge value '", " characters)",
              "On plain generated values");
        });
    assertThat(result.migrations()).extracting(MigrationReport::version)
        .containsExactly("2", "3");
    assertThat(result.problems()).anySatisfy(p -> assertThat(p)
        .contains("[data-lost] table things: 103 rows before the upgrade"));
  }

  @Test
  void failsThePathAsBeforeWhenTheMigrationFailsOnPlainValuesToo() {
    PathResult result = run("edge-value-and-plain-fail", 100);

    assertThat(result.problems()).as(result.describe())
        .anySatisfy(p -> assertThat(p).startsWith("[migration-failed]"));
    assertThat(result.findings()).extracting(Finding::check)
        .doesNotContain("edge-value-fails-migration");
  }

  @Test
  void catchesRowsLostInTheUpgrade() {
    PathResult result = run("lost-rows");

    assertThat(result.problems()).as(result.describe())
        .anySatisfy(p -> assertThat(p).contains("table things: 3 rows before the upgrade, 2 after"));
  }
}
