package org.communal.upgrade;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers for catalog and data queries. */
public final class Sql {
  private Sql() {}

  /** Quotes an identifier the way PostgreSQL's quote_ident does for any name. */
  public static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A schema-qualified, quoted table name. */
  public static String table(String schema, String table) {
    return ident(schema) + "." + ident(table);
  }

  /**
   * Runs a query and returns each row's columns as strings (null for NULL). String parameters go
   * untyped, so that PostgreSQL reads them with the input function of the type the statement
   * compares or casts them to.
   */
  public static List<List<String>> rows(Connection c, String sql, Object... params)
      throws SQLException {
    return rows(c, 0, sql, params);
  }

  /** {@link #rows(Connection, String, Object...)}, cancelled after a timeout (0: none). */
  public static List<List<String>> rows(Connection c, int timeoutSeconds, String sql,
      Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds);
      bind(ps, params);
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

  /** Binds parameters, strings untyped (see {@link #rows(Connection, String, Object...)}). */
  public static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof String s) {
        ps.setObject(i + 1, s, Types.OTHER);
      } else {
        ps.setObject(i + 1, params[i]);
      }
    }
  }

  /** Opens a connection, turning a failure into an {@link UpgradeException}. */
  public static Connection connect(DataSource ds) {
    try {
      return ds.getConnection();
    } catch (SQLException e) {
      throw new UpgradeException("Cannot connect to the test database: " + e.getMessage(), e);
    }
  }
}
