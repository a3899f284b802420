package org.communal.upgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one upgrade path.
 *
 * @param spec the path
 * @param findings everything the checks found, failures and warnings
 * @param migrations what each migration between the release and HEAD did, in order
 * @param duration how long the whole path took, from creating its database to its last check
 * @param insideMigrations how much of that the migrations themselves took
 */
public record PathResult(PathSpec spec, List<Finding> findings, List<MigrationReport> migrations,
    Duration duration, Duration insideMigrations) {
  public PathResult {
    Objects.requireNonNull(spec, "spec");
    findings = List.copyOf(findings);
    migrations = List.copyOf(migrations);
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(insideMigrations, "insideMigrations");
  }

  /** Whether the path passed: no finding fails it. */
  public boolean passed() {
    return findings.stream().noneMatch(Finding::fails);
  }

  /** The failures, each as one line. */
  public List<String> problems() {
    return findings.stream().filter(Finding::fails).map(Finding::describe).toList();
  }

  /** A readable summary: the path, and each failure on its own line. */
  public String describe() {
    List<String> problems = problems();
    return spec.name() + ": " + (problems.isEmpty() ? "passed"
        : problems.size() + " problem(s)\n  - " + String.join("\n  - ", problems));
  }
}
