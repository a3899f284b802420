package org.communal.upgrade;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers for catalog and data queries. */
final class Sql {
  private Sql() {}

  /** Quotes an identifier the way PostgreSQL's quote_ident does for any name. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** Runs a query with string parameters and returns each row's columns as strings. */
  static List<List<String>> rows(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
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

  /** Opens a connection, turning a failure into an {@link UpgradeException}. */
  static Connection connect(DataSource ds) {
    try {
      return ds.getConnection();
    } catch (SQLException e) {
      throw new UpgradeException("Cannot connect to the test database: " + e.getMessage(), e);
    }
  }
}
