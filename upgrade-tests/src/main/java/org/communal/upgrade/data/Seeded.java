package org.communal.upgrade.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generator inserted.
 *
 * @param rows rows inserted per table, in the order the tables were filled
 * @param notes why a table got fewer rows than asked, or a column only NULLs or defaults, one
 *     sentence each
 */
public record Seeded(Map<String, Integer> rows, List<String> notes) {
  public Seeded {
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    notes = List.copyOf(notes);
  }

  /** Rows inserted in all tables. */
  public int total() {
    return rows.values().stream().mapToInt(Integer::intValue).sum();
  }
}
