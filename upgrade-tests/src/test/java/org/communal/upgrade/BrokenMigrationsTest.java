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
    String location = "classpath:org/communal/upgrade/broken/" + set;
    Map<String, byte[]> files = MigrationFiles.read(BrokenMigrationsTest.class.getClassLoader(),
        location);
    String v1 = files.keySet().stream().filter(f -> f.startsWith("V1__")).findFirst().orElseThrow();
    ReleaseMap map = ReleaseMap.parse("1.0 1\n", ReleaseMap.sha256(files.get(v1)) + " 1.0 " + v1);
    int major = BuildServers.get().majors().iterator().next();
    MatrixSettings settings = MatrixSettings.defaults(set, location, map)
        .withMajors(List.of(major)).withModes(List.of(Mode.BATCHED))
        .withZones(List.of(MatrixSettings.UTC)).withFromEmpty(false)
        .withFixtures(release -> Optional.of(FIXTURE));
    return UpgradeMatrix.run(settings, BuildServers.get(), Progress.NONE).paths().get(0);
  }

  @Test
  void catchesAnIdentitySequenceThatWasNotMovedPastTheExistingIds() {
    PathResult result = run("sequence");

    assertThat(result.problems()).as(result.describe()).anySatisfy(p -> assertThat(p)
        .contains("things.id", "would hand out 1", "already holds 3", "setval"));
  }

  @Test
  void catchesRowsLostInTheUpgrade() {
    PathResult result = run("lost-rows");

    assertThat(result.problems()).as(result.describe())
        .anySatisfy(p -> assertThat(p).contains("table things: 3 rows before the upgrade, 2 after"));
  }
}
