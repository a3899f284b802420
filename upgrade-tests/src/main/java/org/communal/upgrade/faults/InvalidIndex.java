package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An index PostgreSQL marks invalid ({@code pg_index.indisvalid = false}): left by a {@code CREATE
 * INDEX CONCURRENTLY} or {@code REINDEX CONCURRENTLY} that did not finish. Queries never use it,
 * yet every write still updates it (once it is ready), and its name is taken.
 *
 * @param name the index
 * @param table the table it is on
 * @param definition its {@code CREATE INDEX} statement
 */
record InvalidIndex(String name, String table, String definition) {
  private static final String INVALID = """
      SELECT ic.relname, t.relname, pg_get_indexdef(i.indexrelid)
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE n.nspname = ? AND NOT i.indisvalid
      ORDER BY ic.relname""";

  /** The invalid indexes of a schema. */
  static List<InvalidIndex> in(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INVALID)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        List<InvalidIndex> found = new ArrayList<>();
        while (rs.next()) {
          found.add(new InvalidIndex(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return found;
      }
    }
  }
}
