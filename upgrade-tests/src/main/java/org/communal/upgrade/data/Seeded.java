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
 * @param edges the edge values it made, each once, by table and column in the order filled; a
 *     row that broke a constraint may have been varied after, so a few may not be in the tables
 */
public record Seeded(Map<String, Integer> rows, List<String> notes, List<EdgeValue> edges) {
  public Seeded {
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    notes = List.copyOf(notes);
    edges = List.copyOf(edges);
  }

  /** Rows inserted in all tables. */
  public int total() {
    return rows.values().stream().mapToInt(Integer::intValue).sum();
  }
}
