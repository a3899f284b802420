package org.communal.upgrade.report;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;

/**
 * The order in which reports list paths: by starting release (the empty database first, then by
 * schema version and release name compared as versions, so that {@code 0.10.0} follows {@code
 * 0.9.0}), then PostgreSQL major, mode, and time zone (in the order the run first used them).
 */
final class MatrixOrder {
  /** Paths in report order, with time zones by name. */
  static final Comparator<PathSpec> PATHS = ((Comparator<PathSpec>) MatrixOrder::compareStarts)
      .thenComparingInt(PathSpec::major)
      .thenComparing(PathSpec::mode)
      .thenComparing(p -> p.zone().getId());

  private MatrixOrder() {}

  /** The paths of a run in report order, time zones in the order the run first used them. */
  static List<PathResult> sorted(MatrixResult matrix) {
    List<ZoneId> zones = matrix.paths().stream().map(p -> p.spec().zone()).distinct().toList();
    Comparator<PathSpec> order = ((Comparator<PathSpec>) MatrixOrder::compareStarts)
        .thenComparingInt(PathSpec::major)
        .thenComparing(PathSpec::mode)
        .thenComparingInt(p -> zones.indexOf(p.zone()));
    return matrix.paths().stream().sorted(Comparator.comparing(PathResult::spec, order)).toList();
  }

  /** Compares where two paths start: the empty database first, then by version. */
  static int compareStarts(PathSpec a, PathSpec b) {
    if (a.release().isEmpty() || b.release().isEmpty()) {
      return Boolean.compare(a.release().isPresent(), b.release().isPresent());
    }
    int bySchema = VersionOrder.compare(a.schemaVersion().get(), b.schemaVersion().get());
    return bySchema != 0 ? bySchema : VersionOrder.compare(a.release().get(), b.release().get());
  }
}
