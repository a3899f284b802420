package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the rows of every table hold, as a count and a content fingerprint per table, so that the
 * data before an upgrade can be compared with the data after it. Immutable.
 */
public final class DataSnapshot {
  private static final String TABLES = """
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
      ORDER BY c.relname""";
  private static final String COLUMNS = """
      SELECT a.attname FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attname""";

  /**
   * One table's data.
   *
   * @param columns the columns fingerprinted, by name
   * @param rows how many rows
   * @param fingerprint MD5 of every row's fingerprinted columns, in column-name and row order
   */
  public record TableData(List<String> columns, long rows, String fingerprint) {}

  private final String schema;
  private final Map<String, TableData> tables;

  private DataSnapshot(String schema, Map<String, TableData> tables) {
    this.schema = schema;
    this.tables = Map.copyOf(tables);
  }

  /** Fingerprints every table of the schema (Flyway's history excluded), all columns. */
  public static DataSnapshot read(Connection c, String schema) throws SQLException {
    Map<String, TableData> tables = new LinkedHashMap<>();
    for (List<String> t : Sql.rows(c, TABLES, schema)) {
      String table = t.get(0);
      List<String> columns = Sql.rows(c, COLUMNS, schema, table).stream().map(r -> r.get(0))
          .toList();
      tables.put(table, fingerprint(c, schema, table, columns));
    }
    return new DataSnapshot(schema, tables);
  }

  /** Per table, its data. */
  public Map<String, TableData> tables() {
    return tables;
  }

  /** The tables that hold no rows. */
  public List<String> emptyTables() {
    return tables.entrySet().stream().filter(e -> e.getValue().rows() == 0)
        .map(Map.Entry::getKey).sorted().toList();
  }

  /**
   * Fingerprints the same tables and columns in another database (the upgraded one) and lists
   * every table whose surviving data differs, or that is gone.
   */
  public List<String> compareWith(Connection upgraded) throws SQLException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, TableData> e : tables.entrySet()) {
      String table = e.getKey();
      TableData before = e.getValue();
      List<String> now = Sql.rows(upgraded, COLUMNS, schema, table).stream().map(r -> r.get(0))
          .toList();
      if (now.isEmpty()) {
        problems.add("table " + table + " (" + before.rows() + " rows) is gone after the upgrade");
        continue;
      }
      List<String> kept = before.columns().stream().filter(now::contains).toList();
      problems.addAll(compareTable(upgraded, table, before, kept));
    }
    return problems;
  }

  private List<String> compareTable(Connection upgraded, String table, TableData before,
      List<String> kept) throws SQLException {
    List<String> problems = new ArrayList<>();
    List<String> dropped = before.columns().stream().filter(c -> !kept.contains(c)).toList();
    if (!dropped.isEmpty()) {
      problems.add("table " + table + ": columns " + dropped + " are gone after the upgrade");
    }
    TableData after = fingerprint(upgraded, schema, table, kept);
    if (after.rows() != before.rows()) {
      problems.add("table " + table + ": " + before.rows() + " rows before the upgrade, "
          + after.rows() + " after");
    } else if (dropped.isEmpty() && !before.fingerprint().equals(after.fingerprint())) {
      // With a dropped column the fingerprints cover different columns; the count still counts.
      problems.add("table " + table + ": values changed in the upgrade (columns "
          + String.join(", ", kept) + ")");
    }
    return problems;
  }

  private static TableData fingerprint(Connection c, String schema, String table,
      List<String> columns) throws SQLException {
    String cols = columns.stream().map(Sql::ident).collect(Collectors.joining(", "));
    // Ordering by the row's own text makes the fingerprint independent of physical order and of
    // whether the table has a primary key.
    String sql = "SELECT count(*), coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '')"
        + " FROM (SELECT " + cols + " FROM " + Sql.ident(schema) + "." + Sql.ident(table)
        + ") AS r";
    List<String> row = Sql.rows(c, sql).get(0);
    return new TableData(columns, Long.parseLong(row.get(0)), row.get(1));
  }
}
