package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.communal.upgrade.Finding;
import org.communal.upgrade.Sql;

/**
 * Checks that every sequence owned by a column (serial or identity) would hand out a value above
 * the column's current maximum, so that the next insert does not collide. Converting a serial
 * column without moving its sequence breaks exactly this. Check code: {@code sequence-behind}.
 */
public final class Sequences {
  private static final String OWNED = """
      SELECT c.relname, a.attname, sn.nspname, s.relname
      FROM pg_depend d
      JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      JOIN pg_namespace sn ON sn.oid = s.relnamespace
      JOIN pg_class c ON c.oid = d.refobjid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
      WHERE d.deptype IN ('a', 'i') AND n.nspname = ?
      ORDER BY c.relname, a.attname""";

  private Sequences() {}

  /** A failure per sequence that is not ahead of its column; empty when all are. */
  public static List<Finding> check(Connection c, String schema) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (List<String> row : Sql.rows(c, OWNED, schema)) {
      String table = row.get(0);
      String column = row.get(1);
      String sequence = Sql.table(row.get(2), row.get(3));
      String max = Sql.rows(c, "SELECT max(" + Sql.ident(column) + ")::text FROM "
          + Sql.table(schema, table)).get(0).get(0);
      List<String> seq = Sql.rows(c, "SELECT last_value::text, is_called::text, (SELECT"
          + " increment_by FROM pg_sequences WHERE schemaname = ? AND sequencename = ?)::text"
          + " FROM " + sequence, row.get(2), row.get(3)).get(0);
      if (max != null && nextValue(seq) <= Long.parseLong(max)) {
        findings.add(Finding.failure("sequence-behind", "sequence " + row.get(3), "sequence "
            + row.get(3) + " of " + table + "." + column + " would hand out " + nextValue(seq)
            + ", but the column already holds " + max + ": the next insert would collide."
            + " Move the sequence with setval() in the migration."));
      }
    }
    return findings;
  }

  /** One line per sequence that is not ahead of its column; empty when all are. */
  public static List<String> behind(Connection c, String schema) throws SQLException {
    return check(c, schema).stream().map(Finding::message).toList();
  }

  private static long nextValue(List<String> seq) {
    long last = Long.parseLong(seq.get(0));
    boolean called = Boolean.parseBoolean(seq.get(1)) || "t".equals(seq.get(1));
    return called ? last + Long.parseLong(seq.get(2)) : last;
  }
}
