package org.communal.upgrade.safety;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.upgrade.Sql;

/**
 * Watches a migration that runs outside a transaction from a connection of its own: polls the
 * locks of the migration's backend (they are released after each statement, so the migration's
 * connection cannot see them afterwards), and cancels the migration when it waits on a
 * transaction of Flyway's own session, which cannot end before the migration does.
 *
 * <p>Started by {@link #start}, stopped by {@link #close()}; what it saw is read after that.
 */
final class Observer implements AutoCloseable {
  /**
   * The migration waits for a virtual transaction id held by a session that sits idle in a
   * transaction holding an advisory lock: Flyway's own, with {@code postgresql.transactional.lock}.
   */
  private static final String TRAP = "SELECT h.pid, " + Probe.epochMicros("clock_timestamp()")
      + " FROM pg_catalog.pg_locks w"
      + " JOIN pg_catalog.pg_locks h ON h.locktype = 'virtualxid' AND h.virtualxid = w.virtualxid"
      + " AND h.granted AND h.pid <> w.pid"
      + " JOIN pg_catalog.pg_stat_activity a ON a.pid = h.pid"
      + " WHERE w.pid = ? AND w.locktype = 'virtualxid' AND NOT w.granted"
      + " AND a.state LIKE 'idle in transaction%' AND EXISTS (SELECT 1 FROM pg_catalog.pg_locks f"
      + " WHERE f.pid = h.pid AND f.locktype = 'advisory' AND f.granted)";

  private final Connection connection;
  private final int pid;
  private final SafetySettings settings;
  private final Catalog known;
  private final String historyTable;
  /** By {@link LockMode.Held#key()}: a relation renamed meanwhile is still one object. */
  private final Map<String, Sighting> sightings = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private Instant trapSeen;
  private Trap trap;

  private Observer(Connection connection, int pid, SafetySettings settings, Catalog known,
      String historyTable) {
    this.connection = connection;
    this.pid = pid;
    this.settings = settings;
    this.known = known;
    this.historyTable = historyTable;
    this.thread = new Thread(this::run, "migration-observer-" + pid);
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching a backend.
   *
   * @param admin connects as a role that may read every session's activity and cancel it
   * @param known the relations before the migration, to name those it drops
   * @throws SQLException if it cannot connect
   */
  static Observer start(DataSource admin, int pid, SafetySettings settings, Catalog known,
      String historyTable) throws SQLException {
    Observer o = new Observer(admin.getConnection(), pid, settings, known, historyTable);
    o.thread.start();
    return o;
  }

  /** The strongest lock seen per object, in the order first seen. Read after {@link #close()}. */
  synchronized List<Sighting> sightings() {
    return List.copyOf(sightings.values());
  }

  /** The trap it sprang, if the migration waited on Flyway's own session. */
  synchronized Optional<Trap> trap() {
    return Optional.ofNullable(trap);
  }

  /** What went wrong while watching. */
  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  /** Stops watching and closes the connection. */
  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      synchronized (this) {
        failures.add("closing the observer's connection: " + e.getMessage());
      }
    }
  }

  private void run() {
    int timeout = (int) Math.max(1, settings.probeTimeout().toSeconds());
    String locks = Probe.LOCKS.formatted("?").replace("SELECT l.relation,",
        "SELECT l.relation, " + Probe.epochMicros("clock_timestamp()") + " AS now,");
    while (!stopped) {
      try {
        record(Sql.rows(connection, timeout, locks, pid));
        checkTrap(Sql.rows(connection, timeout, TRAP, pid));
        Thread.sleep(settings.observerInterval().toMillis());
      } catch (SQLException e) {
        synchronized (this) {
          failures.add("watching backend " + pid + ": " + e.getMessage());
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized void record(List<List<String>> rows) {
    List<List<String>> withoutTime = new ArrayList<>();
    Instant now = null;
    for (List<String> r : rows) {
      now = Probe.instant(Long.parseLong(r.get(1)));
      List<String> rest = new ArrayList<>(r);
      rest.remove(1);
      withoutTime.add(rest);
    }
    for (LockMode.Held h : Probe.held(withoutTime, known, historyTable)) {
      Sighting s = sightings.get(h.key());
      int strength = LockMode.strength(h.mode());
      if (s == null || strength > LockMode.strength(s.held().mode())) {
        sightings.put(h.key(), new Sighting(h, now, now));
      } else if (strength == LockMode.strength(s.held().mode())) {
        sightings.put(h.key(), new Sighting(s.held(), s.first(), now));
      }
    }
  }

  private void checkTrap(List<List<String>> rows) throws SQLException {
    synchronized (this) {
      if (trap != null || rows.isEmpty()) {
        trapSeen = rows.isEmpty() ? null : trapSeen;
        return;
      }
      Instant now = Probe.instant(Long.parseLong(rows.get(0).get(1)));
      trapSeen = trapSeen == null ? now : trapSeen;
      if (Duration.between(trapSeen, now).compareTo(settings.trapGrace()) < 0) {
        return;
      }
      trap = new Trap(Integer.parseInt(rows.get(0).get(0)), Duration.between(trapSeen, now));
    }
    Sql.rows(connection, 5, "SELECT pg_catalog.pg_cancel_backend(?)", pid);
  }

  /**
   * The strongest lock seen on an object.
   *
   * @param held the object, mode and kind
   * @param first when that mode was first seen (server clock)
   * @param last when it was last seen
   */
  record Sighting(LockMode.Held held, Instant first, Instant last) {}

  /**
   * The migration waited on Flyway's own session and was cancelled.
   *
   * @param blocker the backend of Flyway's session
   * @param waited how long the observer saw it wait before cancelling it
   */
  record Trap(int blocker, Duration waited) {}
}
