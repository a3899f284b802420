package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.communal.upgrade.Sql;
import org.communal.upgrade.data.Catalog.ForeignKey;

/**
 * The key values rows may point at through a foreign key: read from the referenced table (rows
 * already there included), in a fixed order, and read again once that table has changed.
 */
final class Targets {
  /** At most this many distinct keys are read per foreign key. */
  static final int SAMPLE = 10_000;

  private final Connection c;
  private final Map<String, List<String[]>> cache = new HashMap<>();

  Targets(Connection c) {
    this.c = c;
  }

  /** The distinct non-null key tuples of the referenced table, as text, in a fixed order. */
  List<String[]> of(ForeignKey fk) throws SQLException {
    String key = fk.targetSchema() + "." + fk.targetTable() + "." + fk.targetColumns();
    List<String[]> known = cache.get(key);
    if (known == null) {
      known = read(fk);
      cache.put(key, known);
    }
    return known;
  }

  /** Forgets what was read of a table, after rows were added to it. */
  void changed(String schema, String table) {
    String prefix = schema + "." + table + ".";
    cache.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private List<String[]> read(ForeignKey fk) throws SQLException {
    List<String> cols = fk.targetColumns();
    String select = IntStream.range(0, cols.size())
        .mapToObj(i -> Sql.ident(cols.get(i)) + "::text AS k" + i)
        .collect(Collectors.joining(", "));
    String notNull = cols.stream().map(col -> Sql.ident(col) + " IS NOT NULL")
        .collect(Collectors.joining(" AND "));
    // Ordered by bytes, not by the database's collation, so that every server gives one order.
    String order = IntStream.range(0, cols.size()).mapToObj(i -> "k" + i + " COLLATE \"C\"")
        .collect(Collectors.joining(", "));
    String sql = "SELECT * FROM (SELECT DISTINCT " + select + " FROM "
        + Jdbc.rowsOf(c, fk.targetSchema(), fk.targetTable()) + " WHERE " + notNull + ") AS s"
        + " ORDER BY " + order + " LIMIT " + SAMPLE;
    List<String[]> tuples = new ArrayList<>();
    for (List<String> row : Sql.rows(c, sql)) {
      tuples.add(row.toArray(String[]::new));
    }
    return List.copyOf(tuples);
  }
}
