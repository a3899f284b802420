package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lets migrators start at one moment: each first waits for a shared PostgreSQL advisory lock on
 * {@link #key()}, which the barrier holds exclusively until {@link #open()}; then all get it at
 * once. Closing opens it too.
 */
final class Barrier implements AutoCloseable {
  private final Connection connection;
  private final long key;
  private boolean open;

  private Barrier(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  /** Takes the lock on a random key. */
  static Barrier hold(Endpoint db) throws SQLException {
    Connection c = db.connect();
    long key = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + key + ")");
      return new Barrier(c, key);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** The advisory lock's key. */
  long key() {
    return key;
  }

  /** Lets every waiting migrator through. */
  void open() throws SQLException {
    if (!open) {
      open = true;
      try (connection; Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + key + ")");
      }
    }
  }

  @Override
  public void close() throws SQLException {
    open();
  }
}
