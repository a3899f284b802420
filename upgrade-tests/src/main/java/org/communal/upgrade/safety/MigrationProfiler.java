package org.communal.upgrade.safety;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.Sql;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Measures what each migration does to a database with data, while Flyway runs it, and reports
 * what a live site would suffer from it: the locks it held and for how long, the tables it
 * rewrote or read in full, the indexes it built without {@code CONCURRENTLY}, and the traps that
 * would fail or hang it. Add it to Flyway as a callback:
 *
 * <pre>{@code
 * MigrationProfiler profiler = MigrationProfiler.create(admin, Set.of("1", "2"),
 *     SafetySettings.defaults());
 * Flyway.configure().dataSource(ds).locations(location).callbacks(profiler).load().migrate();
 * List<MigrationReport> reports = profiler.reports();
 * }</pre>
 *
 * <p>Inside a migration's transaction it measures on the migration's own connection, with
 * read-only queries in savepoints that are rolled back, so that it never changes what the
 * migration does nor fails it. A migration that Flyway runs outside a transaction (such as one
 * with {@code CREATE INDEX CONCURRENTLY}) is watched from a connection of the admin data source,
 * which cancels it if it waits on Flyway's own session forever.
 *
 * <p>One profiler may serve several {@code migrate()} calls in turn (one version at a time with
 * {@code target}); its reports accumulate in order. Not for concurrent migrations: it expects
 * Flyway's callbacks from one thread at a time. The admin data source stays the caller's.
 */
public final class MigrationProfiler implements Callback {
  private static final Set<Event> EVENTS = EnumSet.of(Event.BEFORE_EACH_MIGRATE,
      Event.BEFORE_EACH_MIGRATE_STATEMENT, Event.AFTER_EACH_MIGRATE_STATEMENT,
      Event.AFTER_EACH_MIGRATE_STATEMENT_ERROR, Event.AFTER_EACH_MIGRATE,
      Event.AFTER_EACH_MIGRATE_ERROR, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_ERROR);

  private final DataSource admin;
  private final Set<String> releasedVersions;
  private final SafetySettings settings;
  private final List<MigrationRun> ended = new ArrayList<>();
  private final List<MigrationReport> reports = new ArrayList<>();
  private MigrationRun current;
  private String lastTransaction;
  private List<Step> lastSteps = List.of();

  private MigrationProfiler(DataSource admin, Set<String> releasedVersions,
      SafetySettings settings) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.releasedVersions = Set.copyOf(Objects.requireNonNull(releasedVersions,
        "releasedVersions"));
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A profiler for one database.
   *
   * @param admin connects to the database being migrated as a role that may read every
   *     session's {@code pg_stat_activity} and cancel it (a superuser, or a member of {@code
   *     pg_read_all_stats} and {@code pg_signal_backend}); used to watch migrations run outside a
   *     transaction and to read commit timestamps. It must be able to open a connection while
   *     Flyway holds its own two (mind the size of a pool shared with Flyway)
   * @param releasedVersions the versions already released, such as {@code "1"} or {@code "2.1"}:
   *     their findings are warnings, since a released migration can no longer change; every other
   *     migration's findings are failures
   * @param settings thresholds and timings
   */
  public static MigrationProfiler create(DataSource admin, Set<String> releasedVersions,
      SafetySettings settings) {
    return new MigrationProfiler(admin, releasedVersions, settings);
  }

  /**
   * A report per migration run so far, in the order they ran, each with its findings. Reports of
   * migrations whose transaction is still open are not included.
   */
  public synchronized List<MigrationReport> reports() {
    finish();
    return List.copyOf(reports);
  }

  /** The findings of every report so far, in order. */
  public List<Finding> findings() {
    return reports().stream().flatMap(r -> r.findings().stream()).toList();
  }

  @Override
  public boolean supports(Event event, Context context) {
    return EVENTS.contains(event);
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public String getCallbackName() {
    return "communal-migration-profiler";
  }

  @Override
  public synchronized void handle(Event event, Context context) {
    try {
      switch (event) {
        case BEFORE_EACH_MIGRATE -> current = MigrationRun.begin(
            identity(context.getMigrationInfo()), context.getConnection(), admin,
            context.getConfiguration().getTable(), settings);
        case BEFORE_EACH_MIGRATE_STATEMENT -> ifRunning(r -> r.beforeStatement(
            context.getStatement().getSql()));
        case AFTER_EACH_MIGRATE_STATEMENT -> ifRunning(r -> r.afterStatement(true));
        case AFTER_EACH_MIGRATE_STATEMENT_ERROR -> ifRunning(r -> r.afterStatement(false));
        case AFTER_EACH_MIGRATE -> end(true);
        case AFTER_EACH_MIGRATE_ERROR -> end(false);
        default -> finish();
      }
    } catch (RuntimeException e) {
      // Measuring must never fail a migration; a run that could not start is simply missing.
      current = null;
    }
  }

  private void ifRunning(java.util.function.Consumer<MigrationRun> action) {
    if (current != null) {
      action.accept(current);
    }
  }

  private void end(boolean ok) {
    if (current != null) {
      current.end(ok);
      ended.add(current);
      current = null;
    }
  }

  private MigrationRun.Identity identity(MigrationInfo info) {
    String version = info.getVersion() == null ? "" : info.getVersion().getVersion();
    return new MigrationRun.Identity(info.getScript(), version, info.getDescription(),
        !version.isEmpty() && releasedVersions.contains(version));
  }

  /** Turns every ended run into a report, reading the commit timestamps of their transactions. */
  private void finish() {
    if (ended.isEmpty()) {
      return;
    }
    try (Connection c = admin.getConnection()) {
      finish(c);
    } catch (SQLException e) {
      finish(null);
    }
  }

  private void finish(Connection c) {
    for (MigrationRun run : ended) {
      Optional<String> key = run.transaction().map(Probe.Transaction::key);
      boolean sameTransaction = key.isPresent() && key.get().equals(lastTransaction);
      Measured m = run.measured(commitOf(c, key), sameTransaction ? lastSteps : List.of());
      List<Step> steps = new ArrayList<>(sameTransaction ? lastSteps : List.of());
      steps.addAll(run.steps());
      lastSteps = steps;
      lastTransaction = key.orElse(null);
      reports.add(report(m, Findings.of(m, settings)));
    }
    ended.clear();
  }

  /**
   * When a transaction committed. Under Flyway's group several migrations share it, and only
   * those that wrote anything know its id.
   */
  private Optional<Instant> commitOf(Connection c, Optional<String> key) {
    return ended.stream().map(MigrationRun::transaction).flatMap(Optional::stream)
        .filter(t -> key.isPresent() && t.key().equals(key.get()) && t.xid().isPresent())
        .findFirst().flatMap(t -> commitTime(c, t.xid().get()));
  }

  private Optional<Instant> commitTime(Connection c, String xid) {
    if (c == null) {
      return Optional.empty();
    }
    try {
      String micros = Sql.rows(c, 5, "SELECT " + Probe.epochMicros(
          "pg_catalog.pg_xact_commit_timestamp(CAST(CAST(? AS text) AS xid8)::xid)"), xid)
          .get(0).get(0);
      return Optional.ofNullable(micros).map(v -> Probe.instant(Long.parseLong(v)));
    } catch (SQLException e) {
      // track_commit_timestamp is off: the end of the migration stands in for its commit.
      return Optional.empty();
    }
  }

  private static MigrationReport report(Measured m, List<Finding> findings) {
    List<MigrationReport.LockHold> locks = m.holds().stream().map(h -> new MigrationReport.LockHold(
        h.held().object(), h.held().mode(), h.rows(), h.duration())).toList();
    Set<String> rewritten = new LinkedHashSet<>();
    Set<String> scanned = new LinkedHashSet<>();
    for (Step s : m.steps()) {
      s.rewritten().forEach(r -> rewritten.add(r.qualified()));
      scanned.addAll(s.scanned().stream().sorted().toList());
    }
    return new MigrationReport(m.identity().version(), m.identity().description(), m.duration(),
        locks, List.copyOf(rewritten), List.copyOf(scanned), findings);
  }
}
