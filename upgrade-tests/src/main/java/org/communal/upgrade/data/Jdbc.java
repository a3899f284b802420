package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for the data checks. */
final class Jdbc {
  private Jdbc() {}

  /** Quotes an identifier the way PostgreSQL's quote_ident does for any name. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A schema-qualified, quoted table name. */
  static String table(String schema, String table) {
    return ident(schema) + "." + ident(table);
  }

  /**
   * A table to read its own rows from: {@code ONLY} an ordinary table, so that the rows of tables
   * inheriting from it are left out (they are read as tables of their own, and foreign keys do not
   * see them); a partitioned table as it is, since its rows are its partitions'.
   */
  static String rowsOf(Connection c, String schema, String table) throws SQLException {
    List<List<String>> kind = rows(c, "SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n"
        + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?", schema, table);
    boolean partitioned = !kind.isEmpty() && "p".equals(kind.get(0).get(0));
    return (partitioned ? "" : "ONLY ") + table(schema, table);
  }

  /** A quoted string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Runs a query with string parameters and returns each row's columns as strings. */
  static List<List<String>> rows(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
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

  /** Runs one statement without results. */
  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Binds parameters: strings go untyped, so that PostgreSQL reads them with the input function of
   * the type the statement casts them to.
   */
  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof String s) {
        ps.setObject(i + 1, s, Types.OTHER);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** Runs work in a savepoint; rolls back to it when the work throws. */
  static <T> T inSavepoint(Connection c, SqlWork<T> work) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      T result = work.run();
      c.releaseSavepoint(sp);
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback(sp);
      throw e;
    }
  }

  /**
   * Runs work in a savepoint when a transaction is open (so that a failure leaves it usable), or
   * as it is in auto-commit mode.
   */
  static <T> T inSavepointIfInTransaction(Connection c, SqlWork<T> work) throws SQLException {
    return c.getAutoCommit() ? work.run() : inSavepoint(c, work);
  }

  /** Database work that may fail with an SQLException. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }
}
