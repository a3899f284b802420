package org.communal.upgrade.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.communal.upgrade.Finding;
import org.communal.upgrade.safety.Catalog.Constraint;
import org.communal.upgrade.safety.Catalog.Relation;
import org.communal.upgrade.safety.StatementText.Kind;

/** Turns what was measured of a migration into findings, each naming its statement and fix. */
final class Findings {
  private static final String RELEASED = " This migration is already released and cannot change,"
      + " so this is a warning: expect it on every upgrade that runs it, and take the safe way in"
      + " new migrations.";

  private final Measured m;
  private final SafetySettings settings;
  private final List<Finding> found = new ArrayList<>();

  private Findings(Measured m, SafetySettings settings) {
    this.m = m;
    this.settings = settings;
  }

  /** The findings, in a stable order: by check, then by statement. */
  static List<Finding> of(Measured m, SafetySettings settings) {
    Findings f = new Findings(m, settings);
    f.trap();
    f.accessExclusive();
    f.rewrites();
    f.indexes();
    f.notNull();
    f.constraints();
    f.dataAndSchema();
    f.incomplete();
    return List.copyOf(f.found);
  }

  private void trap() {
    m.trap().ifPresent(t -> found.add(Finding.failure(
        SafetyCheck.CONCURRENT_INDEX_UNDER_TRANSACTIONAL_LOCK.code(),
        "flyway.postgresql.transactional.lock", m.identity().script() + " ran "
            + quote(lastStep()) + ", which waited on Flyway's own session"
            + " (backend " + t.blocker() + ", idle in a transaction that holds Flyway's advisory"
            + " lock), which cannot end before this migration does: it would have waited forever,"
            + " so it was cancelled after " + seconds(t.waited()) + ". Flyway's"
            + " postgresql.transactional.lock is on (the default), and a concurrent index build"
            + " waits for every older transaction (flyway/flyway#3854). Fix: set"
            + " flyway.postgresql.transactional.lock=false (in Java:"
            + " getConfigurationExtension(PostgreSQLConfigurationExtension.class)"
            + ".setTransactionalLock(false))."
            + " The cancelled build may have left an INVALID index: drop it before retrying.")));
  }

  private void accessExclusive() {
    for (Measured.Hold h : m.holds()) {
      String table = h.held().object();
      if (!h.held().onTable() || !h.held().mode().equals(LockMode.ACCESS_EXCLUSIVE)
          || !m.heldRows(table)) {
        continue;
      }
      Optional<Step> heavy = m.steps().stream().filter(s -> s.index() >= h.step())
          .filter(s -> s.rewroteTable(table) || s.scanned().contains(table)).findFirst();
      boolean slow = h.duration().compareTo(settings.accessExclusiveThreshold()) > 0;
      if (!slow && heavy.isEmpty()) {
        continue;
      }
      String across = heavy.map(s -> ", and " + (s.rewroteTable(table) ? "rewrote" : "read every"
          + " row of") + " it meanwhile" + (s.index() == h.step() ? "" : " in " + quote(s)))
          .orElse("");
      String fix = heavy.map(s -> heavyFix(s, table)).orElse("keep the transaction that alters "
          + table + " short: move backfills and other slow work into migrations of their own");
      add(SafetyCheck.ACCESS_EXCLUSIVE_HELD, table, step(h.step()), "took ACCESS EXCLUSIVE on"
          + " table " + table + " (" + rows(table) + "), blocking every read and write of it, and"
          + " held it for " + seconds(h.duration()) + " until the commit" + across + ". Fix: "
          + fix + ", and SET lock_timeout so that a blocked ALTER gives up instead of queueing"
          + " every query on " + table + " behind it.");
    }
  }

  /** How to avoid holding ACCESS EXCLUSIVE across what this statement did to the table. */
  private static String heavyFix(Step s, String table) {
    if (s.rewroteTable(table)) {
      return "change it without a rewrite (see table-rewrite)";
    }
    if (s.rewritten().stream().anyMatch(r -> r.table().equals(table))
        || s.newIndexes().stream().anyMatch(r -> r.table().equals(table))) {
      return "build indexes with CREATE INDEX CONCURRENTLY in a migration of their own (see"
          + " index-rebuild and index-not-concurrent)";
    }
    if (s.text().says("SET NOT NULL")) {
      return "check NOT NULL through a validated CHECK constraint first (see not-null-scan)";
    }
    if (s.text().says("ADD")) {
      return "add constraints NOT VALID and VALIDATE them in a later migration, which takes only"
          + " SHARE UPDATE EXCLUSIVE (see constraint-validated-in-place)";
    }
    return "move the statement that reads the whole table into a migration of its own";
  }

  private void rewrites() {
    for (Step s : m.steps()) {
      for (Relation r : s.rewritten()) {
        if (r.isTable() && m.heldRows(r.qualified()) && !s.text().says("TRUNCATE")) {
          add(SafetyCheck.TABLE_REWRITE, r.qualified(), s, "rewrote table " + r.qualified() + " ("
              + rows(r.qualified()) + ") and rebuilt all its indexes, under ACCESS EXCLUSIVE: on a"
              + " big table the site stops for as long as copying it takes. Fix: "
              + rewriteFix(s.text()));
        } else if (!r.isTable() && m.heldRows(r.table()) && !s.rewroteTable(r.table())) {
          indexRebuild(s, r);
        }
      }
    }
  }

  private void indexRebuild(Step s, Relation index) {
    String lock = strongestHold(index.table(), s.index())
        .map(h -> " while holding " + LockMode.sql(h.held().mode()) + " on it").orElse("");
    String fix = s.text().says("REINDEX")
        ? "REINDEX CONCURRENTLY, alone in a migration that Flyway runs outside a transaction"
            + " (executeInTransaction=false in its .conf file)"
        : "change the column in a way that keeps its indexes (a collation change, or timestamp"
            + " to timestamptz, rebuilds them), or add a new column and build its index with"
            + " CREATE INDEX CONCURRENTLY in a migration of its own";
    add(SafetyCheck.INDEX_REBUILD, index.table(), s, "rebuilt index " + index.qualified()
        + " of table " + index.table() + " (" + rows(index.table()) + ")" + lock
        + ", reading every row. Fix: " + fix + ".");
  }

  private static String rewriteFix(StatementText text) {
    if (text.says("TYPE") || text.says("SET DATA TYPE")) {
      return "add a new column of the new type, fill it in batches in later migrations (a"
          + " trigger keeps it current), then switch over; some changes need no rewrite at all"
          + " (varchar(n) to text or to a longer varchar).";
    }
    if (text.says("ADD COLUMN") || text.says("ADD")) {
      return "add the column without a volatile default (random(), clock_timestamp(), a serial"
          + " or identity, a stored generated column): add it plain or with a constant default,"
          + " set the default afterwards, and fill existing rows in batches in a later migration.";
    }
    if (text.says("SET LOGGED") || text.says("SET UNLOGGED")) {
      return "avoid changing persistence on a live table.";
    }
    return "find a form of the change that does not rewrite (ALTER TABLE's notes list them), or"
        + " copy the table in batches and swap it.";
  }

  private void indexes() {
    for (Step s : m.steps()) {
      for (Relation i : s.newIndexes()) {
        if (!m.heldRows(i.table()) || (s.text().kind() == Kind.CREATE_INDEX
            && s.text().concurrently())) {
          continue;
        }
        String what = "built index " + i.qualified() + " on table " + i.table() + " ("
            + rows(i.table()) + ") without CONCURRENTLY, ";
        add(SafetyCheck.INDEX_NOT_CONCURRENT, i.table(), s, s.text().kind() == Kind.CREATE_INDEX
            ? what + writesWaited(i.table(), s) + ". Fix:"
                + " CREATE INDEX CONCURRENTLY, alone in a migration that Flyway then runs outside"
                + " a transaction (with flyway.postgresql.transactional.lock=false)."
            : what + "for a constraint, under ACCESS EXCLUSIVE. Fix: CREATE UNIQUE INDEX"
                + " CONCURRENTLY first, in a migration of its own, then ALTER TABLE ... ADD"
                + " CONSTRAINT ... UNIQUE (or PRIMARY KEY) USING INDEX, which only takes a brief"
                + " lock.");
      }
    }
  }

  /** How long writes to a table waited behind the locks a statement and those before it took. */
  private String writesWaited(String table, Step s) {
    return strongestHold(table, s.index()).map(h -> "so writes to " + table + " waited behind its "
        + LockMode.sql(h.held().mode()) + " lock, held for " + seconds(h.duration())
        + " until the commit").orElse("so writes to " + table + " waited until the commit (SHARE"
        + " lock)");
  }

  /** The strongest lock on an object taken by a statement or one before it. */
  private Optional<Measured.Hold> strongestHold(String object, int step) {
    return m.holds().stream().filter(h -> h.held().object().equals(object) && h.step() <= step)
        .max(Comparator.comparingInt(h -> LockMode.strength(h.held().mode())));
  }

  private void notNull() {
    for (Step s : m.steps()) {
      if (!s.text().says("SET NOT NULL")) {
        continue;
      }
      for (String table : s.scanned()) {
        if (m.heldRows(table) && s.text().table().map(t -> StatementText.sameTable(t, table))
            .orElse(true)) {
          add(SafetyCheck.NOT_NULL_SCAN, table, s, "read every row of table " + table + " ("
              + rows(table) + ") under ACCESS EXCLUSIVE to check for NULLs. Fix: in one migration"
              + " ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; in the next VALIDATE"
              + " CONSTRAINT c (SHARE UPDATE EXCLUSIVE: reads and writes go on); in a third SET"
              + " NOT NULL, which then skips the scan (PostgreSQL 12 and later), and DROP"
              + " CONSTRAINT c.");
        }
      }
    }
  }

  private void constraints() {
    for (Step s : m.steps()) {
      for (Constraint c : s.newConstraints()) {
        boolean scanned = !m.inTransaction() || s.scanned().contains(c.table())
            || s.scanned().contains(c.referenced());
        if (!m.heldRows(c.table()) || !scanned) {
          continue;
        }
        String how = c.foreignKey()
            ? "foreign key " + c.name() + " on table " + c.table() + " (" + rows(c.table())
                + ") to " + c.referenced() + ", and checked every row while holding SHARE ROW"
                + " EXCLUSIVE on both tables (writes to both wait)"
            : "check constraint " + c.name() + " on table " + c.table() + " (" + rows(c.table())
                + "), and checked every row under ACCESS EXCLUSIVE";
        add(SafetyCheck.CONSTRAINT_VALIDATED_IN_PLACE, c.table(), s, "added " + how
            + ". Fix: add it with NOT VALID (a brief lock,"
            + " no scan), then ALTER TABLE " + c.table() + " VALIDATE CONSTRAINT " + c.name()
            + " in a later migration, which takes SHARE UPDATE EXCLUSIVE and lets reads and"
            + " writes go on.");
      }
    }
  }

  private void dataAndSchema() {
    if (!m.inTransaction()) {
      return;
    }
    List<Step> before = new ArrayList<>(m.earlier());
    Set<String> reported = new LinkedHashSet<>();
    for (Step s : m.steps()) {
      Optional<String> table = s.text().table();
      Kind other = s.text().kind() == Kind.ALTER_TABLE ? Kind.CHANGE_ROWS
          : s.text().kind() == Kind.CHANGE_ROWS ? Kind.ALTER_TABLE : null;
      // A failed ALTER counts: "pending trigger events" is the failure this check explains.
      if (other != null && table.isPresent() && existedAtStart(table.get())) {
        Optional<Step> pair = before.stream().filter(b -> b.text().kind() == other
            && b.text().table().map(t -> StatementText.sameTable(t, table.get())).orElse(false))
            .findFirst();
        if (pair.isPresent() && reported.add(qualified(table.get()))) {
          dataAndSchema(pair.get(), s, qualified(table.get()));
        }
      }
      before.add(s);
    }
  }

  private void dataAndSchema(Step first, Step second, String table) {
    boolean rowsFirst = first.text().kind() == Kind.CHANGE_ROWS;
    String what = rowsFirst
        ? "alters table " + table + " in the transaction in which " + quote(first) + " changed"
            + " its rows: where the table has foreign keys or deferred triggers this fails with"
            + " \"cannot ALTER TABLE because it has pending trigger events\""
        : "changes rows of table " + table + " in the transaction in which " + quote(first)
            + " altered it: every changed row waits under the ALTER's ACCESS EXCLUSIVE lock until"
            + " the commit, and where the table has foreign keys or deferred triggers a later"
            + " ALTER fails with \"pending trigger events\"";
    add(SafetyCheck.DATA_AND_SCHEMA_IN_ONE_TRANSACTION, table, second, what + ". Fix: change"
        + " the rows in a migration of their own, which commits separately (in batches on big"
        + " tables).");
  }

  private boolean existedAtStart(String table) {
    return m.rowsAtStart().keySet().stream().anyMatch(t -> StatementText.sameTable(table, t));
  }

  /** The qualified name of a table a statement names, as the catalog has it. */
  private String qualified(String table) {
    return m.rowsAtStart().keySet().stream().filter(t -> StatementText.sameTable(table, t))
        .sorted().findFirst().orElse(table);
  }

  private void incomplete() {
    if (!m.failures().isEmpty()) {
      found.add(Finding.warning(SafetyCheck.MEASUREMENT_INCOMPLETE.code(), "profiler",
          "Part of " + m.identity().script() + " could not be measured, so its other"
              + " findings may be incomplete: " + String.join("; ", m.failures())
              + ". Check that the profiler's data source reaches the migrated database as a"
              + " role that may read pg_stat_activity and cancel backends."));
    }
  }

  /** A finding about a table, caused by a statement: "V2__x.sql ran `...`, which ...". */
  private void add(SafetyCheck check, String table, Step cause, String which) {
    String where = table.startsWith("table ") ? table : "table " + table;
    String text = m.identity().script() + " ran " + quote(cause) + ", which " + which;
    found.add(m.identity().released() ? Finding.warning(check.code(), where, text + RELEASED)
        : Finding.failure(check.code(), where, text));
  }

  private Step step(int index) {
    return m.steps().isEmpty() ? null : m.steps().get(Math.min(index, m.steps().size() - 1));
  }

  private Step lastStep() {
    return step(m.steps().size() - 1);
  }

  private static String quote(Step s) {
    return s == null ? "the migration" : "`" + s.text().firstLine() + "`";
  }

  private String rows(String table) {
    return String.format(Locale.ROOT, "%,d rows", m.rows(table).orElse(0L));
  }

  private static String seconds(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms"
        : String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }
}
