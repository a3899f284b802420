package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.communal.upgrade.Finding;
import org.communal.upgrade.data.Catalog.Table;
import org.communal.upgrade.data.TableWriter.Failure;
import org.communal.upgrade.data.TableWriter.Outcome;

/**
 * After an upgrade, one new row must go into every table: a sequence left behind its column, or a
 * NOT NULL column added without a default, makes the application's next insert fail. Each table
 * gets one generated row (identity and serial columns left to their sequences), in a transaction
 * that is rolled back; sequences still advance, as they do on any rolled-back insert.
 *
 * <p>A table that references an empty table (one the upgrade created) gets a row in that table
 * first, in the same savepoint. Check codes: {@code insert-failed} (a failure, with PostgreSQL's
 * message) and {@code insert-untested} (a warning: no row could be made, for example for a check
 * the generator cannot meet, or a one-to-one key whose every target is taken).
 */
public final class Inserts {
  /** Row numbers far from the seeded ones, even so that the row takes realistic values. */
  private static final long ROW = 1L << 40;
  /** How many referenced tables up an insert fills empty ones first. */
  private static final int PARENTS = 5;

  private Inserts() {}

  /** Inserts a row into every table of {@code schema}, setting every column it can. */
  public static List<Finding> check(Connection c, String schema, long seed) throws SQLException {
    return check(c, schema, seed, null);
  }

  /**
   * Inserts a row into every table of {@code schema}, as the application of the release before
   * the upgrade would: setting only the columns the table had then (all columns of a table that is
   * new), so that a column it does not know, NOT NULL without a default, makes the insert fail.
   *
   * @param before the snapshot taken before the upgrade; null to set every column
   */
  public static List<Finding> check(Connection c, String schema, long seed, DataSnapshot before)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    Savepoint outer = autoCommit ? null : c.setSavepoint();
    try {
      List<Finding> findings = new ArrayList<>();
      Map<String, Table> tables = new LinkedHashMap<>();
      Catalog.read(c, schema).forEach(t -> tables.put(t.name(), t));
      for (Table t : tables.values()) {
        Set<String> only = before == null || before.columns(t.name()).isEmpty() ? null
            : new LinkedHashSet<>(before.columns(t.name()));
        findings.addAll(insertOne(c, t, tables, only, seed));
      }
      return findings;
    } finally {
      if (outer == null) {
        c.rollback();
      } else {
        c.rollback(outer);
      }
      c.setAutoCommit(autoCommit);
    }
  }

  private static List<Finding> insertOne(Connection c, Table t, Map<String, Table> tables,
      Set<String> only, long seed) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      Outcome out = insertWithParents(c, t, tables, only, seed, 0);
      if (out.failure().isPresent()) {
        return List.of(finding(t, only, out.failure().get()));
      }
      if (out.full().isPresent()) {
        return List.of(Finding.warning("insert-untested", "table " + t.name(),
            unprefixed(t, out.full().get()) + ", so no new row could be tried."));
      }
      return List.of();
    } finally {
      c.rollback(sp);
    }
  }

  /**
   * Inserts a row; when a table it references is empty (new in the upgrade), first a row into
   * that table, and so on up to {@value #PARENTS} tables up.
   */
  private static Outcome insertWithParents(Connection c, Table t, Map<String, Table> tables,
      Set<String> only, long seed, int depth) throws SQLException {
    Targets targets = new Targets(c);
    Outcome out = write(c, t, only, seed, targets);
    while (depth < PARENTS && out.failure().isPresent() && out.failure().get().sqlState()
        .isEmpty()) {
      String fk = out.failure().get().constraint();
      Table parent = t.foreignKeys().stream().filter(k -> k.name().equals(fk))
          .filter(k -> k.targetSchema().equals(t.schema())).map(k -> tables.get(k.targetTable()))
          .filter(Objects::nonNull).findFirst().orElse(null);
      if (parent == null || insertWithParents(c, parent, tables, null, seed, depth + 1).inserted()
          == 0) {
        return out;
      }
      out = write(c, t, only, seed, new Targets(c));
    }
    return out;
  }

  private static Outcome write(Connection c, Table t, Set<String> only, long seed,
      Targets targets) throws SQLException {
    TablePlan plan = new TablePlan(t, only, Map.of());
    return new TableWriter(c, new RowMaker(plan, seed, targets), targets).write(1, ROW, false);
  }

  /** A message without its leading {@code table name: }, which the finding's place says. */
  private static String unprefixed(Table t, String message) {
    String prefix = "table " + t.name() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static Finding finding(Table t, Set<String> only, Failure failure) {
    Failure f = new Failure(unprefixed(t, failure.message()), failure.sqlState(),
        failure.constraint());
    String where = "table " + t.name();
    String as = only == null ? "a new row" : "a new row as the release before writes it"
        + unknown(t, only);
    return switch (f.sqlState()) {
      case "", "23514" -> Finding.warning("insert-untested", where, "could not make " + as
          + ": " + f.message());
      case "23505" -> Finding.failure("insert-failed", where, "inserting " + as + " fails: "
          + f.message() + ". If the key comes from a sequence, the sequence is behind the"
          + " rows: move it with setval() in the migration.");
      case "23502" -> Finding.failure("insert-failed", where, "inserting " + as + " fails: "
          + f.message() + ". A NOT NULL column needs a default while applications that do not"
          + " set it are running.");
      default -> Finding.failure("insert-failed", where, "inserting " + as + " fails: "
          + f.message() + ".");
    };
  }

  private static String unknown(Table t, Set<String> only) {
    List<String> added = t.columns().stream().map(Catalog.Column::name)
        .filter(col -> !only.contains(col)).toList();
    return added.isEmpty() ? "" : " (without the new columns " + String.join(", ", added) + ")";
  }
}
