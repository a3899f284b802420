package org.communal.upgrade;

/**
 * Hears how a matrix run goes, for a live console or a report. Paths of different PostgreSQL
 * majors run on different threads, so implementations must be thread-safe.
 */
public interface Progress {
  /** A path starts. */
  default void started(PathSpec path) {}

  /** A path reached a step, such as {@code seeding 1,000 rows per table} or {@code migrating V9}. */
  default void step(PathSpec path, String step) {}

  /** A path ended. */
  default void finished(PathResult result) {}

  /** Hears nothing. */
  Progress NONE = new Progress() {};
}
