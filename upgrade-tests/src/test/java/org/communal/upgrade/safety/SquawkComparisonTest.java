package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * squawk, the static linter, run on the same migration sets as the profiler, so that the
 * comparison in {@code docs/SAFETY.md} stays true. Runs when squawk is installed ({@code npm
 * install -g squawk-cli@2.66.0}, or {@code -Dcommunal.squawk=/path/to/squawk}); skips otherwise.
 *
 * <p>squawk's rules about style and operations, which the profiler does not measure ({@code
 * prefer-robust-stmts}, {@code require-lock-timeout}, {@code require-statement-timeout}, {@code
 * prefer-bigint-over-int}), are left out of the comparison.
 */
class SquawkComparisonTest {
  private static final Set<String> NOT_COMPARED = Set.of("prefer-robust-stmts",
      "require-lock-timeout", "require-statement-timeout", "prefer-bigint-over-int");
  private static final Pattern RULE = Pattern.compile("\"rule_name\"\\s*:\\s*\"([a-z-]+)\"");
  private static final String BROKEN = "org/communal/upgrade/broken/safety-";

  @TempDir Path dir;

  /** Each set, with the squawk rules it trips (as documented) beside the profiler's codes. */
  static Stream<Arguments> sets() {
    return Stream.of(
        // squawk sees the VALIDATE in the transaction of the NOT VALID; the profiler measures the
        // ACCESS EXCLUSIVE lock of the ADD held across the VALIDATE's scan.
        Arguments.of(BROKEN + "access-exclusive-held", Set.of("constraint-missing-not-valid")),
        // squawk flags every type change alike; the profiler tells a rewrite from an index rebuild.
        Arguments.of(BROKEN + "table-rewrite", Set.of("changing-column-type")),
        Arguments.of(BROKEN + "index-rebuild", Set.of("changing-column-type")),
        Arguments.of(BROKEN + "index-not-concurrent", Set.of("require-concurrent-index-creation")),
        Arguments.of(BROKEN + "not-null-scan", Set.of("adding-not-nullable-field")),
        Arguments.of(BROKEN + "constraint-validated-in-place",
            Set.of("adding-foreign-key-constraint", "constraint-missing-not-valid")),
        // Statement kinds across a transaction and Flyway's own lock are beyond a linter.
        Arguments.of(BROKEN + "data-and-schema", Set.of()),
        Arguments.of(BROKEN + "cic-transactional-lock", Set.of()),
        // SET NOT NULL after a validated CHECK in an earlier file: squawk cannot see the CHECK,
        // and the profiler measures that PostgreSQL skipped the scan.
        Arguments.of("org/communal/upgrade/safety/clean", Set.of("adding-not-nullable-field")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sets")
  void squawkFindsWhatTheComparisonSays(String folder, Set<String> rules) throws Exception {
    Path squawk = squawk().orElse(null);
    assumeTrue(squawk != null, "squawk is not installed: npm install -g squawk-cli@2.66.0, or"
        + " -Dcommunal.squawk=/path/to/squawk");
    Map<String, byte[]> files = TestMigrations.fromResources(folder).bytes();
    List<String> command = new ArrayList<>(List.of(squawk.toString(), "--pg-version=13",
        "--assume-in-transaction", "--reporter", "json"));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (!f.getKey().startsWith("V1__")) {
        command.add(Files.write(dir.resolve(f.getKey()), f.getValue()).toString());
      }
    }

    assertThat(rulesFound(command)).isEqualTo(rules);
  }

  private static Set<String> rulesFound(List<String> command) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("squawk finished").isTrue();
    Set<String> rules = new TreeSet<>();
    Matcher m = RULE.matcher(json);
    while (m.find()) {
      if (!NOT_COMPARED.contains(m.group(1))) {
        rules.add(m.group(1));
      }
    }
    return rules;
  }

  /** squawk from -Dcommunal.squawk, or on the PATH. */
  private static Optional<Path> squawk() {
    String configured = System.getProperty("communal.squawk", "");
    if (!configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(s -> !s.isBlank()).map(s -> Path.of(s, "squawk")).filter(Files::isExecutable)
        .findFirst();
  }
}
