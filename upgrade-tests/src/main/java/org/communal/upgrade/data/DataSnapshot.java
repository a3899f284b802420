package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.communal.upgrade.Finding;
import org.communal.upgrade.Sql;

/**
 * What every table of a schema holds, row by row: a fingerprint of each column's value per row,
 * keyed by the primary key (by the whole row when there is none), so that after an upgrade the
 * data can be compared and every difference named by table, row key and column. Taken before an
 * upgrade with {@link #read}, compared after it with {@link #compare}. Immutable; memory grows with
 * rows times columns (8 bytes per value).
 *
 * <p>Check codes: {@code table-dropped} (a failure when the table held rows), {@code data-lost},
 * {@code values-changed} (failures), {@code rows-added}, {@code column-dropped} (warnings). A
 * change to a table or column that a {@link Declared declared transformation} covers is a
 * warning.
 */
public final class DataSnapshot {
  private static final String TABLES = """
      SELECT c.oid::text, c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> 'flyway_schema_history'
      ORDER BY c.relname COLLATE "C\"""";
  private static final String TABLE = """
      SELECT c.oid::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""";
  private static final String COLUMNS = """
      SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
      WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""";
  private static final String PRIMARY_KEY = """
      SELECT a.attname FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indrelid = ?::oid AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)""";
  private static final int EXAMPLES = 5;

  /** One row: its key (primary key text, or null), how to show it, and each column's hash. */
  record Row(String key, String shown, long[] hashes) {}

  /** One table: its columns with their types, its primary key columns, and its rows. */
  record TableData(Map<String, String> columns, List<String> key, List<Row> rows) {
    List<String> names() {
      return List.copyOf(columns.keySet());
    }
  }

  private final String schema;
  private final Map<String, TableData> tables;

  private DataSnapshot(String schema, Map<String, TableData> tables) {
    this.schema = schema;
    this.tables = tables;
  }

  /** Reads every table of the schema (Flyway's history excluded), every column. */
  public static DataSnapshot read(Connection c, String schema) throws SQLException {
    Objects.requireNonNull(schema, "schema");
    Map<String, TableData> tables = new LinkedHashMap<>();
    for (List<String> t : Sql.rows(c, TABLES, schema)) {
      Map<String, String> columns = columns(c, t.get(0));
      List<String> key = Sql.rows(c, PRIMARY_KEY, t.get(0)).stream().map(r -> r.get(0)).toList();
      List<Row> rows = new ArrayList<>();
      String from = Jdbc.rowsOf(c, schema, t.get(1));
      for (List<String> r : Sql.rows(c, select(from, key, List.copyOf(columns.keySet()),
          Map.of()))) {
        rows.add(new Row(r.get(0), r.get(1), hashes(r, columns.size(), 2)));
      }
      tables.put(t.get(1), new TableData(columns, key, List.copyOf(rows)));
    }
    return new DataSnapshot(schema, tables);
  }

  /** The schema read. */
  public String schema() {
    return schema;
  }

  /** Rows per table, by table name. */
  public Map<String, Integer> rowCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    tables.forEach((t, d) -> counts.put(t, d.rows().size()));
    return counts;
  }

  /** The tables that hold no rows. */
  public List<String> emptyTables() {
    return tables.entrySet().stream().filter(e -> e.getValue().rows().isEmpty())
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** The columns a table had, in order; empty when the snapshot has no such table. */
  public List<String> columns(String table) {
    TableData data = tables.get(table);
    return data == null ? List.of() : data.names();
  }

  /** Compares with the same schema in the upgraded database, nothing declared. */
  public List<Finding> compare(Connection upgraded) throws SQLException {
    return compare(upgraded, Declared.NONE);
  }

  /**
   * Compares with the same schema in the upgraded database: tables gone, rows lost or added,
   * values changed (by primary key and column), columns dropped. A column whose type changed is
   * compared by its text, or by its text once cast back to the old type, whichever matches.
   *
   * @param declared tables and columns that migrations change on purpose
   */
  public List<Finding> compare(Connection upgraded, Declared declared) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, TableData> e : tables.entrySet()) {
      findings.addAll(new TableComparison(upgraded, e.getKey(), e.getValue(), declared).run());
    }
    return findings;
  }

  private static Map<String, String> columns(Connection c, String oid) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    for (List<String> r : Sql.rows(c, COLUMNS, oid)) {
      columns.put(r.get(0), r.get(1));
    }
    return columns;
  }

  /**
   * The query for a table's rows: key text, shown text, then per column the hash of its text and,
   * for columns in {@code castBack}, the hash of its text cast back to that (old) type.
   */
  private static String select(String from, List<String> key, List<String> columns,
      Map<String, String> castBack) {
    String keyText = key.isEmpty() ? "NULL"
        : key.size() == 1 ? Sql.ident(key.get(0)) + "::text"
        : "ROW(" + key.stream().map(Sql::ident).collect(Collectors.joining(", ")) + ")::text";
    String shown = key.isEmpty() ? "left(t::text, 80)" : "NULL";
    StringBuilder sql = new StringBuilder("SELECT " + keyText + ", " + shown);
    for (String col : columns) {
      sql.append(", md5(t.").append(Sql.ident(col)).append("::text)");
    }
    for (String col : columns) {
      if (castBack.containsKey(col)) {
        sql.append(", md5((t.").append(Sql.ident(col)).append("::").append(castBack.get(col))
            .append(")::text)");
      }
    }
    return sql.append(" FROM ").append(from).append(" AS t").toString();
  }

  /** The first 16 hex digits of each MD5 as a number; NULL gets a value of its own. */
  private static long[] hashes(List<String> row, int n, int from) {
    long[] hashes = new long[n];
    for (int i = 0; i < n; i++) {
      String md5 = row.get(from + i);
      hashes[i] = md5 == null ? NULL_HASH : Long.parseUnsignedLong(md5.substring(0, 16), 16);
    }
    return hashes;
  }

  private static final long NULL_HASH = 0x6e756c6c6e756c6cL;

  /** One table compared with its upgraded self. */
  private final class TableComparison {
    private final Connection c;
    private final String table;
    private final TableData before;
    private final Declared declared;
    private final List<Finding> findings = new ArrayList<>();

    TableComparison(Connection c, String table, TableData before, Declared declared) {
      this.c = c;
      this.table = table;
      this.before = before;
      this.declared = declared;
    }

    List<Finding> run() throws SQLException {
      List<List<String>> oid = Sql.rows(c, TABLE, schema, table);
      if (oid.isEmpty()) {
        add("table-dropped", !before.rows().isEmpty(), declared.table(table), "table " + table,
            "table " + table + " is gone after the upgrade, with its " + before.rows().size()
            + " rows. If a migration drops or renames it on purpose, declare that in an"
            + " assertion file (see docs/DATA.md); if not, keep the table.");
        return findings;
      }
      Map<String, String> after = columns(c, oid.get(0).get(0));
      List<String> common = before.names().stream().filter(after::containsKey).toList();
      before.names().stream().filter(col -> !after.containsKey(col)).forEach(this::dropped);
      Map<String, String> castBack = new HashMap<>();
      for (String col : common) {
        if (!after.get(col).equals(before.columns().get(col))) {
          castBack.put(col, before.columns().get(col));
        }
      }
      List<AfterRow> rows = readAfter(common, castBack);
      boolean keyed = !before.key().isEmpty() && after.keySet().containsAll(before.key());
      if (keyed) {
        new Keyed(common, castBack, after).compare(rows);
      } else {
        unkeyed(common, rows);
      }
      return findings;
    }

    private void dropped(String column) {
      int i = before.names().indexOf(column);
      long values = before.rows().stream().filter(r -> r.hashes()[i] != NULL_HASH).count();
      add("column-dropped", false, declared.column(table, column), "column " + table + "."
          + column, "column " + column + " (" + before.columns().get(column) + ") of table "
          + table + " is gone after the upgrade, with the " + values + " non-null values its "
          + before.rows().size() + " rows held. Expected when a migration drops it on purpose;"
          + " if its data moved elsewhere, prove that with an assertion file (see"
          + " docs/DATA.md).");
    }

    private List<AfterRow> readAfter(List<String> common, Map<String, String> castBack)
        throws SQLException {
      List<List<String>> raw;
      Map<String, String> cast = castBack;
      String from = Jdbc.rowsOf(c, schema, table);
      try {
        raw = Jdbc.inSavepointIfInTransaction(c, () -> Sql.rows(c, select(from, before.key(),
            common, castBack)));
      } catch (SQLException e) {
        // Some value does not cast back to the old type: compare by text alone.
        cast = Map.of();
        raw = Sql.rows(c, select(from, before.key(), common, cast));
      }
      List<AfterRow> rows = new ArrayList<>(raw.size());
      List<String> castCols = common.stream().filter(cast::containsKey).toList();
      for (List<String> r : raw) {
        long[] text = hashes(r, common.size(), 2);
        long[] back = hashes(r, castCols.size(), 2 + common.size());
        long[] alt = text.clone();
        for (int k = 0; k < castCols.size(); k++) {
          alt[common.indexOf(castCols.get(k))] = back[k];
        }
        rows.add(new AfterRow(r.get(0), r.get(1), text, alt));
      }
      return rows;
    }

    /** Without a key to match by: rows as a multiset of their surviving columns. */
    private void unkeyed(List<String> common, List<AfterRow> after) {
      int[] at = common.stream().mapToInt(col -> before.names().indexOf(col)).toArray();
      Map<Long, List<String>> lost = new LinkedHashMap<>();
      for (Row r : before.rows()) {
        long h = combine(r.hashes(), at);
        lost.computeIfAbsent(h, k -> new ArrayList<>()).add(r.shown() != null ? r.shown()
            : r.key());
      }
      List<String> added = new ArrayList<>();
      int[] all = IntStream.range(0, common.size()).toArray();
      for (AfterRow r : after) {
        List<String> same = lost.get(combine(r.alt(), all));
        if (same == null) {
          same = lost.get(combine(r.text(), all));
        }
        if (same != null && !same.isEmpty()) {
          same.remove(same.size() - 1);
        } else {
          added.add(r.shown() != null ? r.shown() : r.key());
        }
      }
      List<String> gone = lost.values().stream().flatMap(List::stream).toList();
      String why = before.key().isEmpty() ? " (the table has no primary key, so a changed row"
          + " shows as one lost and one added)" : " (its primary key columns are gone, so rows"
          + " are matched by their values)";
      report(gone, added, why, after.size());
    }

    private void report(List<String> lost, List<String> added, String why, int afterCount) {
      String counts = before.rows().size() + " rows before the upgrade, " + afterCount + " after";
      if (!lost.isEmpty()) {
        add("data-lost", true, declared.table(table), "table " + table, counts + ": "
            + lost.size() + " row(s) lost" + why + ", e.g. " + examples(lost) + ". Find the"
            + " migration that deletes or rewrites them; if that is intended, declare it in an"
            + " assertion file (see docs/DATA.md).");
      }
      if (!added.isEmpty()) {
        add("rows-added", false, declared.table(table), "table " + table, counts + ": "
            + added.size() + " row(s) added" + why + ", e.g. " + examples(added) + ".");
      }
    }

    /** Matching by primary key. */
    private final class Keyed {
      private final List<String> common;
      private final Map<String, String> castBack;
      private final Map<String, String> after;

      Keyed(List<String> common, Map<String, String> castBack, Map<String, String> after) {
        this.common = common;
        this.castBack = castBack;
        this.after = after;
      }

      void compare(List<AfterRow> rows) {
        Map<String, AfterRow> byKey = new HashMap<>();
        List<String> added = new ArrayList<>();
        for (AfterRow r : rows) {
          if (byKey.putIfAbsent(r.key(), r) != null) {
            added.add(shown(r.key()));
          }
        }
        List<String> lost = new ArrayList<>();
        Map<String, List<String>> changedRows = new LinkedHashMap<>();
        Map<String, Integer> byColumn = new LinkedHashMap<>();
        for (Row b : before.rows()) {
          AfterRow a = byKey.remove(b.key());
          if (a == null) {
            lost.add(shown(b.key()));
            continue;
          }
          List<String> changed = changedColumns(b, a);
          if (!changed.isEmpty()) {
            changedRows.put(shown(b.key()), changed);
            changed.forEach(col -> byColumn.merge(col, 1, Integer::sum));
          }
        }
        byKey.keySet().stream().sorted().forEach(k -> added.add(shown(k)));
        report(lost, added, "", rows.size());
        changed(changedRows, byColumn);
      }

      private List<String> changedColumns(Row b, AfterRow a) {
        List<String> changed = new ArrayList<>();
        for (int k = 0; k < common.size(); k++) {
          long was = b.hashes()[before.names().indexOf(common.get(k))];
          if (was != a.text()[k] && was != a.alt()[k]) {
            changed.add(common.get(k));
          }
        }
        return changed;
      }

      /** One finding for undeclared columns (a failure), one for declared ones (a warning). */
      private void changed(Map<String, List<String>> rows, Map<String, Integer> byColumn) {
        Map<Boolean, List<String>> split = byColumn.keySet().stream().collect(
            Collectors.partitioningBy(col -> declared.column(table, col).isPresent()));
        for (boolean isDeclared : List.of(false, true)) {
          Set<String> cols = Set.copyOf(split.get(isDeclared));
          if (cols.isEmpty()) {
            continue;
          }
          Map<String, List<String>> these = new LinkedHashMap<>();
          rows.forEach((k, v) -> {
            List<String> mine = v.stream().filter(cols::contains).toList();
            if (!mine.isEmpty()) {
              these.put(k, mine);
            }
          });
          Optional<String> by = isDeclared ? declared.column(table, cols.iterator().next())
              : Optional.empty();
          add("values-changed", true, by, "table " + table, message(these, byColumn, cols));
        }
      }

      private String message(Map<String, List<String>> rows, Map<String, Integer> byColumn,
          Set<String> cols) {
        List<String> examples = rows.entrySet().stream().limit(EXAMPLES)
            .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
        String more = rows.size() > EXAMPLES ? " and " + (rows.size() - EXAMPLES) + " more" : "";
        String columns = byColumn.entrySet().stream().filter(e -> cols.contains(e.getKey()))
            .map(e -> e.getKey() + " in " + e.getValue() + " row(s)" + typeChange(e.getKey()))
            .collect(Collectors.joining(", "));
        return rows.size() + " of " + before.rows().size() + " rows changed in the upgrade: "
            + String.join(", ", examples) + more + "; by column: " + columns + ". Find the"
            + " migration that rewrites them; if that is intended, declare it in an assertion"
            + " file (see docs/DATA.md).";
      }

      private String typeChange(String column) {
        return castBack.containsKey(column) ? " (type " + castBack.get(column) + " became "
            + after.get(column) + ")" : "";
      }

      private String shown(String key) {
        return before.key().size() == 1 ? before.key().get(0) + "=" + key
            : "(" + String.join(", ", before.key()) + ")=" + key;
      }
    }

    private void add(String check, boolean fails, Optional<String> declaredBy, String where,
        String message) {
      if (declaredBy.isPresent()) {
        findings.add(Finding.warning(check, where, message + " Declared by " + declaredBy.get()
            + "."));
      } else if (fails) {
        findings.add(Finding.failure(check, where, message));
      } else {
        findings.add(Finding.warning(check, where, message));
      }
    }
  }

  /** A row after the upgrade: hashes of each common column's text, and of it cast back. */
  private record AfterRow(String key, String shown, long[] text, long[] alt) {}

  private static long combine(long[] hashes, int[] at) {
    long h = 17;
    for (int i : at) {
      h = RowMaker.mix(h, hashes[i]);
    }
    return h;
  }

  private static String examples(List<String> items) {
    String shown = items.stream().limit(EXAMPLES).collect(Collectors.joining(", "));
    return items.size() > EXAMPLES ? shown + " and " + (items.size() - EXAMPLES) + " more"
        : shown;
  }
}
