package org.communal.upgrade.safety;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.upgrade.Sql;
import org.communal.upgrade.safety.Catalog.Constraint;
import org.communal.upgrade.safety.Catalog.Relation;

/**
 * Read-only measuring queries on a migration's own connection. Inside a transaction each runs in
 * a savepoint that is rolled back, so that neither its locks nor an error of its own can reach
 * the migration; outside one each is a statement of its own. A probe never throws: what it could
 * not read it reports as empty and notes in {@link #failures()}.
 */
final class Probe {
  private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
      + " AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";
  private static final String RELATIONS = "SELECT c.oid, n.nspname, c.relname, c.relkind::text,"
      + " coalesce(pg_catalog.pg_relation_filenode(c.oid), 0), tn.nspname || '.' || t.relname,"
      + " coalesce(t.oid, 0)"
      + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      + " LEFT JOIN pg_catalog.pg_index x ON x.indexrelid = c.oid"
      + " LEFT JOIN pg_catalog.pg_class t ON t.oid = x.indrelid"
      + " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace"
      + " WHERE c.relkind IN ('r', 'p', 'm', 'i') AND " + USER_SCHEMA
      + " AND coalesce(t.relname, c.relname) <> ?";
  private static final String CONSTRAINTS = "SELECT n.nspname || '.' || c.relname, k.conname,"
      + " k.contype = 'f', k.convalidated, rn.nspname || '.' || r.relname, k.conrelid,"
      + " k.confrelid"
      + " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
      + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      + " LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid"
      + " LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace"
      + " WHERE k.contype IN ('c', 'f') AND " + USER_SCHEMA;
  /** Relation locks, and locks on types but ACCESS SHARE (PostgreSQL 18 takes it everywhere). */
  static final String LOCKS = "SELECT l.relation, n.nspname, c.relname, c.relkind::text, l.mode,"
      + " (SELECT tn.nspname || '.' || y.typname FROM pg_catalog.pg_type y"
      + " JOIN pg_catalog.pg_namespace tn ON tn.oid = y.typnamespace"
      + " WHERE l.locktype = 'object' AND y.oid = l.objid AND y.typtype <> 'c')"
      + " FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation"
      + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE l.pid = %s AND l.granted"
      + " AND l.database = (SELECT oid FROM pg_catalog.pg_database"
      + " WHERE datname = pg_catalog.current_database())"
      + " AND (l.locktype = 'relation' OR (l.locktype = 'object'"
      + " AND l.classid = 'pg_catalog.pg_type'::pg_catalog.regclass"
      + " AND l.mode <> 'AccessShareLock'))";
  private static final String SCANS = "SELECT relid, seq_scan"
      + " FROM pg_catalog.pg_stat_xact_user_tables";

  private final Connection connection;
  private final String historyTable;
  private final int timeoutSeconds;
  private final List<String> failures = new ArrayList<>();
  private final List<Spent> spent = new ArrayList<>();

  Probe(Connection connection, String historyTable, SafetySettings settings) {
    this.connection = connection;
    this.historyTable = historyTable;
    this.timeoutSeconds = (int) Math.max(1, settings.probeTimeout().toSeconds());
  }

  /**
   * The time a probe took on the migration's connection, in the JVM's clock: the migration waited
   * for it, so it is taken off the durations measured.
   *
   * @param start when it started
   * @param took how long it took
   */
  record Spent(Instant start, Duration took) {}

  /** Every probe's time so far. */
  List<Spent> spent() {
    return List.copyOf(spent);
  }

  /** What went wrong in probes so far, one line each. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Whether the migration runs inside a transaction. */
  boolean inTransaction() {
    try {
      return !connection.getAutoCommit();
    } catch (SQLException e) {
      failures.add("reading the connection's auto-commit: " + e.getMessage());
      return true;
    }
  }

  /** The server's clock. */
  Optional<Instant> now() {
    return guarded("reading the server clock", c -> instant(Long.parseLong(
        Sql.rows(c, timeoutSeconds, "SELECT " + epochMicros("pg_catalog.clock_timestamp()"))
            .get(0).get(0))));
  }

  /** The backend process id of the connection. */
  Optional<Integer> pid() {
    return guarded("reading the backend pid", c -> Integer.parseInt(
        Sql.rows(c, timeoutSeconds, "SELECT pg_catalog.pg_backend_pid()").get(0).get(0)));
  }

  /**
   * The transaction: a key that tells it from every other (the backend and the transaction's
   * start), and its id when it has one (it has none when it has written nothing).
   */
  Optional<Transaction> transaction() {
    return guarded("reading the transaction", c -> {
      List<String> row = Sql.rows(c, timeoutSeconds, "SELECT pg_catalog.pg_backend_pid() || '/'"
          + " || " + epochMicros("pg_catalog.now()") + ","
          + " pg_catalog.pg_current_xact_id_if_assigned()::text").get(0);
      return new Transaction(row.get(0), Optional.ofNullable(row.get(1)));
    });
  }

  /**
   * A transaction of the migration's connection.
   *
   * @param key the backend and start of the transaction, unique on the server
   * @param xid its id, when it has one
   */
  record Transaction(String key, Optional<String> xid) {}

  /** The user relations and constraints. */
  Optional<Catalog> catalog() {
    return guarded("reading the catalog", c -> {
      Map<Long, Relation> relations = new HashMap<>();
      for (List<String> r : Sql.rows(c, timeoutSeconds, RELATIONS, historyTable)) {
        Relation rel = new Relation(Long.parseLong(r.get(0)), r.get(1), r.get(2),
            r.get(3).charAt(0), Long.parseLong(r.get(4)), r.get(5) == null ? "" : r.get(5),
            Long.parseLong(r.get(6)));
        relations.put(rel.oid(), rel);
      }
      Set<Constraint> constraints = new HashSet<>();
      for (List<String> r : Sql.rows(c, timeoutSeconds, CONSTRAINTS)) {
        constraints.add(new Constraint(r.get(0), r.get(1), "t".equals(r.get(2)),
            "t".equals(r.get(3)), r.get(4) == null ? "" : r.get(4), Long.parseLong(r.get(5)),
            Long.parseLong(r.get(6))));
      }
      return new Catalog(relations, constraints);
    });
  }

  /** The locks the connection's own backend holds, naming dropped relations from {@code known}. */
  Optional<List<LockMode.Held>> locks(Catalog known) {
    return guarded("reading pg_locks", c -> held(Sql.rows(c, timeoutSeconds,
        LOCKS.formatted("pg_catalog.pg_backend_pid()")), known, historyTable));
  }

  /** Sequential scans per table (by oid) so far in this transaction. */
  Optional<Map<Long, Long>> seqScans() {
    return guarded("reading pg_stat_xact_user_tables", c -> {
      Map<Long, Long> scans = new HashMap<>();
      for (List<String> r : Sql.rows(c, timeoutSeconds, SCANS)) {
        scans.put(Long.parseLong(r.get(0)), Long.parseLong(r.get(1)));
      }
      return scans;
    });
  }

  /**
   * The rows of each table, by oid, counted; when counting fails (it timed out, or a lock held
   * elsewhere blocked it), PostgreSQL's estimate.
   */
  Map<Long, Long> rowCounts(Collection<Relation> relations) {
    List<Relation> tables = relations.stream().filter(Relation::isTable).toList();
    if (tables.isEmpty()) {
      return Map.of();
    }
    StringBuilder sql = new StringBuilder();
    for (Relation t : tables) {
      sql.append(sql.length() == 0 ? "" : " UNION ALL ").append("SELECT ")
          .append(t.oid()).append(", count(*) FROM ")
          .append(Sql.ident(t.schema())).append('.').append(Sql.ident(t.name()));
    }
    return guarded("counting rows", c -> counts(Sql.rows(c, timeoutSeconds, sql.toString()),
        tables)).or(() -> guarded("estimating rows", c -> counts(Sql.rows(c, timeoutSeconds,
        "SELECT c.oid, greatest(c.reltuples::bigint, coalesce(s.n_live_tup, 0), 0)"
            + " FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_stat_user_tables s"
            + " ON s.relid = c.oid"), tables))).orElse(Map.of());
  }

  private static Map<Long, Long> counts(List<List<String>> rows, List<Relation> tables) {
    Set<Long> oids = new HashSet<>();
    tables.forEach(t -> oids.add(t.oid()));
    Map<Long, Long> counts = new HashMap<>();
    for (List<String> r : rows) {
      long oid = Long.parseLong(r.get(0));
      if (oids.contains(oid)) {
        counts.put(oid, Long.parseLong(r.get(1)));
      }
    }
    return counts;
  }

  /** SQL for a timestamp as microseconds since the epoch. */
  static String epochMicros(String timestamp) {
    return "(extract(epoch FROM " + timestamp + ") * 1000000)::bigint";
  }

  /** The instant of microseconds since the epoch, as {@link #epochMicros(String)} gives them. */
  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
        Math.floorMod(micros, 1_000_000) * 1000L);
  }

  /** Turns rows of {@link #LOCKS} into held locks of user objects. */
  static List<LockMode.Held> held(List<List<String>> rows, Catalog known, String historyTable) {
    List<LockMode.Held> held = new ArrayList<>();
    for (List<String> r : rows) {
      if (r.get(5) != null) {
        held.add(new LockMode.Held(r.get(5), r.get(4), 'y', 0));
      } else if (r.get(0) != null) {
        Relation gone = known.relations().get(Long.parseLong(r.get(0)));
        String schema = r.get(1) != null ? r.get(1) : gone == null ? null : gone.schema();
        String name = r.get(2) != null ? r.get(2) : gone == null ? null : gone.name();
        char kind = r.get(3) != null ? r.get(3).charAt(0) : gone == null ? '?' : gone.kind();
        if (schema != null && isUserSchema(schema) && !name.equals(historyTable)
            && "rpmi".indexOf(kind) >= 0) {
          held.add(new LockMode.Held(schema + "." + name, r.get(4), kind,
              Long.parseLong(r.get(0))));
        }
      }
    }
    return held;
  }

  private static boolean isUserSchema(String schema) {
    return !schema.equals("pg_catalog") && !schema.equals("information_schema")
        && !schema.matches("pg_(toast|temp_|toast_temp_).*");
  }

  /** Work that reads through a connection. */
  interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> Optional<T> guarded(String what, Read<T> read) {
    Instant start = Instant.now();
    long nanos = System.nanoTime();
    try {
      return inSavepoint(what, read);
    } finally {
      spent.add(new Spent(start, Duration.ofNanos(System.nanoTime() - nanos)));
    }
  }

  private <T> Optional<T> inSavepoint(String what, Read<T> read) {
    Savepoint savepoint = null;
    try {
      if (!connection.getAutoCommit()) {
        savepoint = connection.setSavepoint("communal_safety_probe");
      }
      return Optional.ofNullable(read.run(connection));
    } catch (SQLException | RuntimeException e) {
      failures.add(what + ": " + e.getMessage());
      return Optional.empty();
    } finally {
      if (savepoint != null) {
        try {
          connection.rollback(savepoint);
          connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          failures.add("rolling back to the probe's savepoint: " + e.getMessage());
        }
      }
    }
  }
}
