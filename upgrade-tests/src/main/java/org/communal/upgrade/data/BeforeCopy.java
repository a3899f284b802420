package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.communal.upgrade.Sql;

/**
 * A copy of every table's rows, taken before an upgrade into the schema {@value #SCHEMA}, so that
 * the {@link Transformations assertions} run after it can compare the data before with the data
 * after. The copy is plain tables without keys, indexes, defaults or constraints, and columns of
 * types defined in the database (enums, domains, composite types, and arrays of them) are copied
 * as text, so that nothing in the copy depends on an object a migration may change or drop. Drop
 * it with {@link #drop} after the checks, before the schema is compared with a fresh install.
 */
public final class BeforeCopy {
  /** The schema the copy lives in. */
  public static final String SCHEMA = "upgrade_before";

  private static final String COLUMNS = """
      SELECT a.attname, tn.nspname = 'pg_catalog' FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
      WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum""";

  private BeforeCopy() {}

  /**
   * Copies every table of {@code schema} (Flyway's history excluded) into {@value #SCHEMA},
   * replacing an earlier copy.
   *
   * @return the tables copied
   */
  public static List<String> take(Connection c, String schema) throws SQLException {
    if (schema.equals(SCHEMA)) {
      throw new IllegalArgumentException("schema: cannot copy " + SCHEMA + " into itself");
    }
    drop(c);
    Jdbc.execute(c, "CREATE SCHEMA " + Sql.ident(SCHEMA));
    List<String> tables = new ArrayList<>();
    for (List<String> t : Sql.rows(c, """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname COLLATE "C\"""", schema)) {
      String table = t.get(0);
      if (table.equals(Catalog.FLYWAY_HISTORY)) {
        continue;
      }
      String columns = Sql.rows(c, COLUMNS, schema, table).stream()
          .map(col -> "true".equals(col.get(1)) || "t".equals(col.get(1)) ? Sql.ident(col.get(0))
              : Sql.ident(col.get(0)) + "::text AS " + Sql.ident(col.get(0)))
          .collect(Collectors.joining(", "));
      Jdbc.execute(c, "CREATE TABLE " + Sql.table(SCHEMA, table) + " AS SELECT " + columns
          + " FROM " + Jdbc.rowsOf(c, schema, table));
      tables.add(table);
    }
    return tables;
  }

  /** Drops the copy, if there is one. */
  public static void drop(Connection c) throws SQLException {
    Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + Sql.ident(SCHEMA) + " CASCADE");
  }
}
