package org.communal.upgrade;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one upgrade path.
 *
 * @param release the release the path started from
 * @param major the PostgreSQL major version it ran on
 * @param problems every problem found, each a sentence; empty when the path passed
 * @param duration how long the whole path took
 */
public record PathResult(String release, int major, List<String> problems, Duration duration) {
  public PathResult {
    problems = List.copyOf(problems);
  }

  /** Whether the path passed. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** A readable summary: the path, and each problem on its own line. */
  public String describe() {
    return "release " + release + " -> HEAD on PostgreSQL " + major + ": "
        + (passed() ? "passed" : problems.size() + " problem(s)\n  - "
            + String.join("\n  - ", problems));
  }
}
