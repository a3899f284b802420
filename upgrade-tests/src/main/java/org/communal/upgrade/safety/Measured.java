package org.communal.upgrade.safety;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything measured of one migration, once its transaction is over.
 *
 * @param identity which migration
 * @param inTransaction whether Flyway ran it in a transaction (scans are measured only then)
 * @param duration from its first statement to its commit
 * @param steps its statements, in order
 * @param holds the locks it took, each with how long it was held (see MigrationRun)
 * @param rowsAtStart the rows of every table that existed when it started, by qualified name
 * @param trap set when the observer cancelled it for waiting on Flyway's own session
 * @param failures what could not be measured
 * @param earlier the steps of earlier migrations in the same transaction
 */
record Measured(MigrationRun.Identity identity, boolean inTransaction, Duration duration,
    List<Step> steps, List<Hold> holds, Map<String, Long> rowsAtStart,
    Optional<Observer.Trap> trap, List<String> failures, List<Step> earlier) {
  Measured {
    steps = List.copyOf(steps);
    holds = List.copyOf(holds);
    rowsAtStart = Map.copyOf(rowsAtStart);
    failures = List.copyOf(failures);
    earlier = List.copyOf(earlier);
  }

  /**
   * A lock the migration held.
   *
   * @param held the object, mode and kind
   * @param rows the rows of the table when the migration started; 0 for a table it created; -1
   *     for an index or a type
   * @param duration how long it was held
   * @param step the step that took it (or the first at which it was seen)
   */
  record Hold(LockMode.Held held, long rows, Duration duration, int step) {}

  /** The rows a table held when the migration started; empty when it did not exist then. */
  Optional<Long> rows(String table) {
    return Optional.ofNullable(rowsAtStart.get(table));
  }

  /** Whether the table existed when the migration started and held rows. */
  boolean heldRows(String table) {
    return rows(table).orElse(0L) > 0;
  }
}
