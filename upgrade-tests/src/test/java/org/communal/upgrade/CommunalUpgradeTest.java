package org.communal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Communal's own upgrade matrix: every release in the release map, upgraded to HEAD, on each
 * PostgreSQL major in {@code communal.upgrade.majors} (13 and 18 by default; {@code
 * -Dupgrade.majors=13,14,15,16,17,18} runs more when their binaries are present).
 */
class CommunalUpgradeTest {
  static Stream<Arguments> paths() {
    int[] majors = Arrays.stream(System.getProperty("communal.upgrade.majors", "13,18").split(","))
        .map(String::strip).mapToInt(Integer::parseInt).toArray();
    return ReleaseMap.communal().releases().stream()
        .flatMap(r -> Arrays.stream(majors).mapToObj(m -> Arguments.of(r.name(), m)));
  }

  /**
   * The fixture for a release: the fixtures of every release up to it, in order, since each adds
   * rows for what its release introduced. Empty when the release itself has none.
   */
  private static Optional<String> fixture(String release) throws IOException {
    if (read(release).isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sql = new StringBuilder();
    for (Release r : ReleaseMap.communal().releases()) {
      sql.append(read(r.name()).orElse("")).append('\n');
      if (r.name().equals(release)) {
        break;
      }
    }
    return Optional.of(sql.toString());
  }

  private static Optional<String> read(String release) throws IOException {
    try (InputStream in = CommunalUpgradeTest.class.getResourceAsStream(
        "fixtures/" + release + ".sql")) {
      return in == null ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "release {0} to HEAD on PostgreSQL {1}")
  @MethodSource("paths")
  void upgradesToHeadWithoutLosingDataAndMatchesAFreshInstall(String release, int major)
      throws IOException {
    Release r = ReleaseMap.communal().release(release).orElseThrow();
    Optional<String> fixture = fixture(release);
    assertThat(fixture).as("fixture SQL for release " + release + " (fixtures/" + release
        + ".sql beside this test)").isPresent();

    PathResult result = UpgradePath.communal(BuildServers.get()).run(r, major, fixture);

    assertThat(result.problems()).as(result.describe()).isEmpty();
  }
}
