package org.communal.upgrade.safety;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communal.upgrade.safety.Catalog.Constraint;
import org.communal.upgrade.safety.Catalog.Relation;
import org.communal.upgrade.safety.StatementText.Kind;

/**
 * Measures one migration while Flyway runs it: what the database looked like when it started,
 * then what each statement did. Driven by {@link MigrationProfiler} on Flyway's thread; the
 * observer, when there is one, runs on its own.
 */
final class MigrationRun {
  private final Identity identity;
  private final Probe probe;
  private final boolean inTransaction;
  private final Duration clockOffset;
  private final Instant begun;
  private final Catalog atStart;
  /** The rows of every table when the migration started, by oid. */
  private final Map<Long, Long> rowsAtStart;
  private final Lineage lineage = new Lineage();
  private final Observer observer;
  private final List<String> failures = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Acquired> acquired = new LinkedHashMap<>();
  private Catalog current;
  private Map<Long, Long> scansBefore;
  private StatementText statement;
  private Instant statementStart;
  private int firstUnprobed;
  private Instant ended;
  private Optional<Probe.Transaction> transaction = Optional.empty();
  private Map<String, String> inherited = Map.of();

  /**
   * Who a migration is.
   *
   * @param script its file name, such as {@code V2__add_index.sql}
   * @param version its version; empty for a repeatable migration
   * @param description its description
   * @param released whether it was already released (its findings are then warnings)
   */
  record Identity(String script, String version, String description, boolean released) {}

  /** A lock, and the step at which the probe first saw it in that mode. */
  private record Acquired(LockMode.Held held, int step, Instant at) {}

  private MigrationRun(Identity identity, Probe probe, Observer observer, Instant begun,
      Duration clockOffset, Catalog atStart, Map<Long, Long> rowsAtStart) {
    this.identity = identity;
    this.probe = probe;
    this.inTransaction = probe.inTransaction();
    this.observer = observer;
    this.begun = begun;
    this.clockOffset = clockOffset;
    this.atStart = atStart;
    this.current = atStart;
    this.rowsAtStart = Map.copyOf(rowsAtStart);
    lineage.see(atStart);
  }

  /**
   * Starts measuring a migration on its own connection: reads the catalog and counts the rows of
   * every table, and starts an observer when the migration runs outside a transaction.
   */
  static MigrationRun begin(Identity identity, Connection connection, DataSource admin,
      String historyTable, SafetySettings settings) {
    Probe probe = new Probe(connection, historyTable, settings);
    Instant jvmBefore = Instant.now();
    Optional<Instant> server = probe.now();
    Instant jvm = jvmBefore.plus(Duration.between(jvmBefore, Instant.now()).dividedBy(2));
    Duration offset = server.map(s -> Duration.between(jvm, s)).orElse(Duration.ZERO);
    Catalog atStart = probe.catalog().orElse(Catalog.EMPTY);
    Map<Long, Long> rows = probe.rowCounts(atStart.relations().values());
    List<String> failures = new ArrayList<>();
    Observer observer = probe.inTransaction() ? null
        : observe(probe, admin, settings, atStart, historyTable, failures);
    MigrationRun run = new MigrationRun(identity, probe, observer,
        server.orElse(jvm), offset, atStart, rows);
    run.failures.addAll(failures);
    if (run.inTransaction) {
      run.inherited = strongest(probe.locks(atStart).orElse(List.of()));
      run.scansBefore = probe.seqScans().orElse(null);
    }
    return run;
  }

  private static Observer observe(Probe probe, DataSource admin, SafetySettings settings,
      Catalog atStart, String historyTable, List<String> failures) {
    Optional<Integer> pid = probe.pid();
    try {
      return pid.isPresent()
          ? Observer.start(admin, pid.get(), settings, atStart, historyTable) : null;
    } catch (SQLException e) {
      failures.add("starting the observer: " + e.getMessage());
      return null;
    }
  }

  /**
   * The strongest mode per object of the locks held when a migration starts: under Flyway's
   * {@code group} those of earlier migrations in the same transaction, which are theirs.
   */
  private static Map<String, String> strongest(List<LockMode.Held> held) {
    Map<String, String> modes = new LinkedHashMap<>();
    held.forEach(h -> modes.merge(h.key(), h.mode(),
        (a, b) -> LockMode.strength(a) >= LockMode.strength(b) ? a : b));
    return modes;
  }

  Identity identity() {
    return identity;
  }

  /** The transaction the migration ran in; empty when it ran outside one. */
  Optional<Probe.Transaction> transaction() {
    return transaction;
  }

  boolean inTransaction() {
    return inTransaction;
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  /** Flyway is about to run a statement. */
  void beforeStatement(String sql) {
    statement = StatementText.of(sql);
    statementStart = serverNow();
    if (inTransaction && countsScans(statement)) {
      scansBefore = probe.seqScans().orElse(null);
    }
  }

  /** Flyway ran the statement announced last; {@code ok} is false when it failed. */
  void afterStatement(boolean ok) {
    if (statement == null) {
      return;
    }
    Instant end = serverNow();
    boolean probed = ok && needsProbe(statement);
    steps.add(probed ? measure(statement, statementStart, end)
        : new Step(steps.size(), statement, statementStart, end, !ok, false, List.of(), List.of(),
            List.of(), List.of()));
    if (probed) {
      firstUnprobed = steps.size();
    }
    statement = null;
  }

  /** Flyway ran the whole migration (not committed yet); {@code ok} is false when it failed. */
  void end(boolean ok) {
    if (ok && steps.isEmpty()) {
      // A Java migration runs no SQL statements Flyway can report: measure it as one step.
      steps.add(measure(StatementText.of(identity.description()), begun, serverNow()));
    } else if (ok && inTransaction) {
      recordLocks(Math.min(firstUnprobed, steps.size() - 1), current);
    }
    if (ok && inTransaction) {
      transaction = probe.transaction();
    }
    ended = serverNow();
    if (observer != null) {
      observer.close();
      failures.addAll(observer.failures());
    }
  }

  /**
   * What was measured, once the migration's transaction is over.
   *
   * @param commit when its transaction committed; empty when unknown or rolled back, and then the
   *     end of the migration counts as the release of its locks
   * @param earlier the steps of earlier migrations in the same transaction (Flyway's {@code group})
   */
  Measured measured(Optional<Instant> commit, List<Step> earlier) {
    Instant release = commit.orElse(ended);
    List<String> problems = new ArrayList<>(failures);
    probe.failures().forEach(problems::add);
    return new Measured(identity, inTransaction, net(firstStart(), release),
        steps.stream().map(lineage::named).toList(), holds(release),
        lineage.byName(rowsAtStart), observer == null ? Optional.empty() : observer.trap(),
        problems, inTransaction ? earlier : List.of());
  }

  private Instant firstStart() {
    return steps.isEmpty() ? begun : steps.get(0).start();
  }

  private List<Measured.Hold> holds(Instant release) {
    List<Measured.Hold> holds = new ArrayList<>();
    if (observer != null) {
      // Outside a transaction each statement commits at its end: a lock seen during statements
      // was held from the start of the first to the end of the last.
      for (Observer.Sighting s : observer.sightings()) {
        int first = stepAt(s.first());
        Instant until = steps.isEmpty() ? s.last() : steps.get(stepAt(s.last())).end();
        Instant from = steps.isEmpty() ? s.first() : steps.get(first).start();
        holds.add(new Measured.Hold(lineage.named(s.held()), rows(s.held()),
            Duration.between(from, until), first));
      }
    } else {
      for (Acquired a : acquired.values()) {
        holds.add(new Measured.Hold(lineage.named(a.held()), rows(a.held()),
            net(a.at(), release), a.step()));
      }
    }
    return holds;
  }

  /** The time from one instant to another, less the probes' own time in between. */
  private Duration net(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    for (Probe.Spent s : probe.spent()) {
      Instant at = s.start().plus(clockOffset);
      if (!at.isBefore(from) && at.isBefore(to)) {
        d = d.minus(s.took());
      }
    }
    return d.isNegative() ? Duration.ZERO : d;
  }

  private long rows(LockMode.Held held) {
    return held.onTable() ? rowsAtStart.getOrDefault(held.oid(), 0L) : -1;
  }

  private int stepAt(Instant t) {
    int found = 0;
    for (Step s : steps) {
      if (!s.start().isAfter(t)) {
        found = s.index();
      }
    }
    return found;
  }

  private Step measure(StatementText text, Instant start, Instant end) {
    Catalog before = current;
    current = probe.catalog().orElse(before);
    lineage.see(current);
    int index = steps.size();
    if (inTransaction) {
      recordLocks(index, before);
    }
    List<Relation> scanned = new ArrayList<>();
    if (inTransaction && countsScans(text) && scansBefore != null) {
      Map<Long, Long> after = probe.seqScans().orElse(scansBefore);
      after.forEach((oid, n) -> {
        if (n > scansBefore.getOrDefault(oid, 0L) && rowsAtStart.containsKey(oid)) {
          lineage.relation(oid).ifPresent(scanned::add);
        }
      });
    }
    return new Step(index, text, start, end, false, true, rewritten(before), newIndexes(before),
        newConstraints(before), scanned);
  }

  private void recordLocks(int step, Catalog known) {
    Catalog names = new Catalog(merge(known, current), Set.of());
    Instant at = step < steps.size() ? steps.get(step).start()
        : statementStart != null ? statementStart : begun;
    List<LockMode.Held> held = new ArrayList<>(probe.locks(names).orElse(List.of()));
    // Strongest first: a weaker mode taken by the same statement adds nothing to its report.
    held.sort(Comparator.comparingInt((LockMode.Held h) -> LockMode.strength(h.mode())).reversed());
    for (LockMode.Held h : held) {
      String before = inherited.get(h.key());
      int strength = LockMode.strength(h.mode());
      if ((before == null || strength > LockMode.strength(before))
          && strength > strongest(h.key())) {
        acquired.put(h.key() + " " + h.mode(), new Acquired(h, step, at));
      }
    }
  }

  /**
   * The strongest mode recorded on an object so far; 0 when none. A mode is recorded only when it
   * is stronger: a weaker one taken later is covered by the stronger, which is held at least as
   * long, while one taken earlier (a SHARE lock of an index build before an ALTER TABLE) was held
   * longer and is reported beside it.
   */
  private int strongest(String key) {
    return acquired.values().stream().filter(a -> a.held().key().equals(key))
        .mapToInt(a -> LockMode.strength(a.held().mode())).max().orElse(0);
  }

  private static Map<Long, Relation> merge(Catalog a, Catalog b) {
    Map<Long, Relation> all = new LinkedHashMap<>(a.relations());
    all.putAll(b.relations());
    return all;
  }

  private List<Relation> rewritten(Catalog before) {
    List<Relation> rewritten = new ArrayList<>();
    for (Relation r : current.relations().values()) {
      Optional<Relation> was = Lineage.in(before, r);
      if (was.isPresent() && Lineage.in(atStart, r).isPresent() && was.get().filenode() != 0
          && r.filenode() != was.get().filenode()) {
        rewritten.add(r);
      }
    }
    return rewritten;
  }

  private List<Relation> newIndexes(Catalog before) {
    return current.relations().values().stream()
        .filter(r -> !r.isTable() && Lineage.in(before, r).isEmpty()
            && rowsAtStart.containsKey(r.tableOid()))
        .toList();
  }

  private List<Constraint> newConstraints(Catalog before) {
    Set<String> known = new HashSet<>();
    before.constraints().forEach(c -> known.add(c.tableOid() + "/" + c.name()));
    return current.constraints().stream()
        .filter(c -> c.validated() && !known.contains(c.tableOid() + "/" + c.name())
            && rowsAtStart.containsKey(c.tableOid()))
        .toList();
  }

  private Instant serverNow() {
    return Instant.now().plus(clockOffset);
  }

  /** Statements that only change rows or settings take no locks worth a catalog read. */
  private static boolean needsProbe(StatementText text) {
    return text.kind() != Kind.CHANGE_ROWS && text.kind() != Kind.SETTING;
  }

  /** A statement's own reads of its data are not the hazards looked for. */
  private static boolean countsScans(StatementText text) {
    return needsProbe(text) && text.kind() != Kind.QUERY;
  }
}
