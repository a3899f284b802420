package org.communal.upgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every path of one run of the matrix.
 *
 * @param project the project's name, for report titles
 * @param paths every path's result, in the order they ran
 * @param wall the run's wall time
 */
public record MatrixResult(String project, List<PathResult> paths, Duration wall) {
  public MatrixResult {
    Objects.requireNonNull(project, "project");
    paths = List.copyOf(paths);
    Objects.requireNonNull(wall, "wall");
  }

  /** Whether every path passed. */
  public boolean passed() {
    return paths.stream().allMatch(PathResult::passed);
  }

  /** The share of the wall time spent inside migrations, summed over the paths. */
  public Duration insideMigrations() {
    return paths.stream().map(PathResult::insideMigrations).reduce(Duration.ZERO, Duration::plus);
  }
}
