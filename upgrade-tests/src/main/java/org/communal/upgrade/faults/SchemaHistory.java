package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What Flyway's schema history table records, read without Flyway. */
final class SchemaHistory {
  private SchemaHistory() {}

  /**
   * Every way the history is not clean: a version recorded more than once, or a failed row.
   * Empty when each version is there once and succeeded.
   */
  static List<String> problems(Connection c, String schema, String table) throws SQLException {
    String sql = "SELECT version, min(description), count(*), count(*) FILTER (WHERE NOT success)"
        + " FROM " + name(c, schema, table) + " WHERE version IS NOT NULL"
        + " GROUP BY version ORDER BY min(installed_rank)";
    List<String> problems = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String version = "version " + rs.getString(1) + " (" + rs.getString(2) + ")";
        if (rs.getLong(3) > 1) {
          problems.add(version + " is recorded " + rs.getLong(3) + " times");
        }
        if (rs.getLong(4) > 0) {
          problems.add(version + " is recorded as failed");
        }
      }
    }
    return problems;
  }

  /** Whether a version is recorded as failed, as Flyway does when a non-transactional one fails. */
  static boolean failed(Connection c, String schema, String table, String version)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + name(c, schema, table)
        + " WHERE version = ? AND NOT success")) {
      ps.setString(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String name(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', ?::text, ?::text)")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
