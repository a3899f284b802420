package org.communal.upgrade.safety;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.communal.upgrade.safety.Catalog.Constraint;
import org.communal.upgrade.safety.Catalog.Relation;

/**
 * One statement of a migration and what it was measured to do. Only objects that existed when
 * the migration started count as rewritten or scanned: what a migration creates holds no rows a
 * live site depends on.
 *
 * @param index its place in the migration, from 0
 * @param text the statement
 * @param start when it started (server clock)
 * @param end when it ended (server clock)
 * @param failed whether it failed
 * @param probed whether the catalog was read after it (statements that only change rows are not)
 * @param rewritten tables and indexes whose storage it replaced
 * @param newIndexes indexes it created on tables that existed when the migration started
 * @param newConstraints validated check and foreign-key constraints it created on such tables
 * @param scannedTables tables it read in full; empty when scans could not be measured
 */
record Step(int index, StatementText text, Instant start, Instant end, boolean failed,
    boolean probed, List<Relation> rewritten, List<Relation> newIndexes,
    List<Constraint> newConstraints, List<Relation> scannedTables) {
  Step {
    rewritten = List.copyOf(rewritten);
    newIndexes = List.copyOf(newIndexes);
    newConstraints = List.copyOf(newConstraints);
    scannedTables = List.copyOf(scannedTables);
  }

  /** The qualified names of the tables it read in full. */
  Set<String> scanned() {
    return scannedTables.stream().map(Relation::qualified)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether it rewrote this table (its heap, not only an index). */
  boolean rewroteTable(String table) {
    return rewritten.stream().anyMatch(r -> r.isTable() && r.qualified().equals(table));
  }
}
