package org.communal.upgrade.data;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tables and columns whose data migrations change on purpose, each with the assertion file that
 * declares it (see {@link Transformations}): the data comparison reports changes to them as
 * warnings, since the assertion is what proves them right.
 *
 * @param entries {@code table} or {@code table.column}, to the file that declares it
 */
public record Declared(Map<String, String> entries) {
  /** Nothing declared. */
  public static final Declared NONE = new Declared(Map.of());

  public Declared {
    entries = Map.copyOf(new TreeMap<>(entries));
  }

  /** The file that declares changes to a whole table, if any. */
  public Optional<String> table(String table) {
    return Optional.ofNullable(entries.get(table));
  }

  /** The file that declares changes to a column, or to its whole table, if any. */
  public Optional<String> column(String table, String column) {
    return Optional.ofNullable(entries.get(table + "." + column)).or(() -> table(table));
  }
}
