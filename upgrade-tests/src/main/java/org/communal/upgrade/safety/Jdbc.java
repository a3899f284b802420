package org.communal.upgrade.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for the measuring queries. */
final class Jdbc {
  private Jdbc() {}

  /** Runs a query with a timeout and returns each row's columns as strings (null for NULL). */
  static List<List<String>> rows(Connection c, int timeoutSeconds, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<List<String>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  /** Quotes an identifier the way PostgreSQL's quote_ident does for any name. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
