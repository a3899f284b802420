package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks' hold on a database, which stops a migrator in the middle of a migration without
 * touching the migration's file: one open transaction that holds
 *
 * <ul>
 *   <li>{@code ROW EXCLUSIVE} on every table of the schema: reads and row changes pass, but any
 *       statement that needs a stronger lock on a table that existed before the migration waits
 *       ({@code ALTER TABLE}, {@code CREATE INDEX}, {@code CREATE TRIGGER}, a new foreign key to
 *       it, {@code TRUNCATE}, {@code DROP}), and so does {@code CREATE INDEX CONCURRENTLY} after it
 *       has created its index, since it waits for every transaction that could write to the
 *       table;
 *   <li>{@code SHARE} on Flyway's schema history table: Flyway can read it, but its {@code
 *       INSERT} that records the migration waits, so a migration that touches no existing table
 *       is stopped after its last statement, before its commit.
 * </ul>
 *
 * <p>Created with {@link #hold}, ended with {@link #release()} or {@link #close()}.
 */
final class Gate implements AutoCloseable {
  private static final String TABLES = """
      SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
        AND NOT (n.nspname = ? AND c.relname = ?)
      ORDER BY c.relname""";

  private final Connection connection;
  private final int pid;
  private boolean released;

  private Gate(Connection connection, int pid) {
    this.connection = connection;
    this.pid = pid;
  }

  /** Takes the locks; the connection is the gate's until it is released. */
  static Gate hold(Endpoint db, String schema, String historySchema, String historyTable)
      throws SQLException {
    Connection c = db.connect();
    try {
      c.setAutoCommit(false);
      List<String> tables = tables(c, schema, historySchema, historyTable);
      try (Statement s = c.createStatement()) {
        if (!tables.isEmpty()) {
          s.execute("LOCK TABLE " + String.join(", ", tables) + " IN ROW EXCLUSIVE MODE");
        }
        String history = quoted(c, historySchema, historyTable);
        if (history != null) {
          s.execute("LOCK TABLE " + history + " IN SHARE MODE");
        }
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          return new Gate(c, rs.getInt(1));
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The gate's backend, which the held migrator waits on. */
  int pid() {
    return pid;
  }

  /** Ends the transaction, letting whatever waits on it go on. */
  void release() throws SQLException {
    if (!released) {
      released = true;
      try (connection) {
        connection.rollback();
      }
    }
  }

  @Override
  public void close() throws SQLException {
    release();
  }

  private static List<String> tables(Connection c, String schema, String historySchema,
      String historyTable) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TABLES)) {
      ps.setString(1, schema);
      ps.setString(2, historySchema);
      ps.setString(3, historyTable);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> tables = new ArrayList<>();
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
        return tables;
      }
    }
  }

  /** The history table's quoted name, or null if it does not exist. */
  private static String quoted(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, c.relname)"
        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relname = ?")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
