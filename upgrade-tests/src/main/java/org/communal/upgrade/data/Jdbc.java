package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import org.communal.upgrade.Sql;

/** Small JDBC helpers for the data checks. */
final class Jdbc {
  private Jdbc() {}

  /**
   * A table to read its own rows from: {@code ONLY} an ordinary table, so that the rows of tables
   * inheriting from it are left out (they are read as tables of their own, and foreign keys do not
   * see them); a partitioned table as it is, since its rows are its partitions'.
   */
  static String rowsOf(Connection c, String schema, String table) throws SQLException {
    List<List<String>> kind = Sql.rows(c, "SELECT c.relkind::text FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?",
        schema, table);
    boolean partitioned = !kind.isEmpty() && "p".equals(kind.get(0).get(0));
    return (partitioned ? "" : "ONLY ") + Sql.table(schema, table);
  }

  /** A quoted string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Runs one statement without results. */
  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
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
