package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One fingerprint per table of a schema, read through a connection whose session time zone is
 * fixed (UTC), so that the same data reads the same whichever zone wrote it: two paths that
 * differ only in their session time zone must leave equal fingerprints.
 */
final class ZoneFingerprints {
  private static final String COLUMNS = """
      SELECT c.relname, a.attname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
      ORDER BY c.relname, a.attname""";

  private ZoneFingerprints() {}

  /** Every table's columns, by table name. */
  static Map<String, List<String>> columns(Connection c, String schema) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (List<String> row : Sql.rows(c, COLUMNS, schema)) {
      columns.computeIfAbsent(row.get(0), t -> new ArrayList<>()).add(row.get(1));
    }
    return columns;
  }

  /**
   * Table name to the MD5 of its rows' text, over the columns it had before the upgrade that it
   * still has: values a migration writes afresh (a new column's {@code DEFAULT now()}) differ
   * between any two runs, whatever the zone.
   */
  static Map<String, String> read(Connection c, String schema, Map<String, List<String>> before)
      throws SQLException {
    Map<String, List<String>> now = columns(c, schema);
    Map<String, String> tables = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> t : now.entrySet()) {
      List<String> kept = t.getValue().stream()
          .filter(before.getOrDefault(t.getKey(), List.of())::contains).toList();
      if (kept.isEmpty()) {
        continue;
      }
      String cols = kept.stream().map(Sql::ident).collect(Collectors.joining(", "));
      tables.put(t.getKey(), Sql.rows(c, "SELECT coalesce(md5(string_agg(r::text, E'\\n'"
          + " ORDER BY r::text)), '') FROM (SELECT " + cols + " FROM " + Sql.ident(schema) + "."
          + Sql.ident(t.getKey()) + ") AS r").get(0).get(0));
    }
    return tables;
  }
}
