package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.communal.upgrade.Finding;
import org.communal.upgrade.UpgradeException;
import org.communal.upgrade.faults.Backends.Backend;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Kills a migrator in the middle of one migration and checks what a new migrator makes of the
 * database: the gate holds the tables, a migrator JVM starts, the check waits until its backend
 * waits on the gate, kills the JVM with SIGKILL, ends the backend it leaves on the server, lets go
 * of the gate, and runs a new migrator (Flyway in this JVM, on sessions of its own), which must
 * finish the upgrade.
 */
final class KillCheck {
  private final Settings settings;
  private final Reference reference;
  private final int major;

  /**
   * @param reference a clean upgrade from the same start, which the result must equal
   * @param major the server's PostgreSQL major, for messages
   */
  KillCheck(Settings settings, Reference reference, int major) {
    this.settings = settings;
    this.reference = reference;
    this.major = major;
  }

  /** Where a migrator stopped: held by the gate, ended, or somewhere it should not be. */
  private sealed interface Stop {}

  private record Held(Backend backend) implements Stop {}

  private record Exited(int status, String output) implements Stop {}

  private record WaitsOnItself(Backend waiting, Backend holder) implements Stop {}

  private record NotReached(List<Backend> backends) implements Stop {}

  /**
   * Runs the check on a database whose next pending migration is the given one.
   *
   * @param db a database that nothing else uses; the check leaves it upgraded as far as it got
   */
  KillReport run(Endpoint db, MigrationInfo migration) throws SQLException {
    Installed before = Installed.read("the database before the kill", db, settings.schema());
    String application = Settings.application("kill");
    Stop stop;
    boolean outlived = false;
    try (Connection observer = db.connect(); Gate gate = settings.hold(db);
        MigratorProcess child = start(db, application)) {
      stop = await(observer, gate.pid(), child);
      child.kill(settings.timeout());
      if (stop instanceof Held held) {
        // Blocked in a lock wait, the backend cannot see its client go: it would run the
        // statement once the gate lets go, and only then fail to answer. End it first, as the
        // server would once it noticed, so the migration stops where it was held.
        outlived = Backends.alive(observer, held.backend().pid());
      }
      Backends.terminate(observer, List.of(application), settings.timeout());
      gate.release();
    }
    if (!(stop instanceof Held held)) {
      return report(migration, Optional.empty(), false, List.of(),
          List.of(unreached(Settings.where(migration), stop)));
    }
    List<String> left = before.differences(db, "after the kill");
    List<Finding> findings = afterKill(db, migration, held.backend(), left);
    return report(migration, Optional.of(held.backend()), outlived, left, findings);
  }

  private static KillReport report(MigrationInfo migration, Optional<Backend> held,
      boolean outlived, List<String> left, List<Finding> findings) {
    return new KillReport(migration.getVersion().getVersion(), migration.getDescription(),
        held.map(Backend::statement).orElse(""),
        held.map(b -> b.waitEventType() + " " + b.waitEvent()).orElse(""), outlived, left,
        findings);
  }

  private MigratorProcess start(Endpoint db, String application) {
    return MigratorProcess.start(settings.jvm(), db, settings.flyway(), application,
        OptionalLong.empty());
  }

  /** Waits until the migrator waits on the gate (if any), ends, or waits on itself. */
  private Stop await(Connection observer, int gate, MigratorProcess child) throws SQLException {
    Optional<Stop> stop = Poll.until(settings.timeout(), () -> stopOf(observer, gate, child));
    return stop.isPresent() ? stop.get()
        : new NotReached(Backends.of(observer, List.of(child.application())));
  }

  private static Optional<Stop> stopOf(Connection observer, int gate, MigratorProcess child)
      throws SQLException {
    OptionalInt status = child.exitStatus();
    if (status.isPresent()) {
      return Optional.of(new Exited(status.getAsInt(), child.output()));
    }
    List<Backend> backends = Backends.of(observer, List.of(child.application()));
    Optional<Stop> self = waitsOnItself(backends);
    return self.isPresent() ? self
        : backends.stream().filter(b -> b.waitsOn(List.of(gate))).findFirst().map(Held::new);
  }

  /**
   * A session of a migrator that waits for another session of the same migrator, which idles in
   * its transaction: it will never let go, since the migrator waits for the statement that waits
   * for it.
   */
  private static Optional<Stop> waitsOnItself(List<Backend> backends) {
    for (Backend b : backends) {
      for (Backend holder : backends) {
        if (b.waitsOn(List.of(holder.pid())) && holder.state().startsWith("idle")) {
          return Optional.of(new WaitsOnItself(b, holder));
        }
      }
    }
    return Optional.empty();
  }

  private Finding unreached(String where, Stop stop) {
    String timeout = settings.timeout().toSeconds() + " s";
    if (stop instanceof Exited exited) {
      return exited.status() == Migrator.MIGRATED
          ? Advice.ranThrough(where, major, exited.output())
          : Advice.migrationFails(where, major, exited.output());
    }
    if (stop instanceof WaitsOnItself self) {
      return Advice.waitsOnItself(where, major, self.waiting(), self.holder());
    }
    return Advice.killPointNotReached(where, major, timeout, ((NotReached) stop).backends());
  }

  private List<Finding> afterKill(Endpoint db, MigrationInfo migration, Backend held,
      List<String> left) throws SQLException {
    String where = Settings.where(migration);
    List<InvalidIndex> invalid;
    try (Connection c = db.connect()) {
      invalid = InvalidIndex.in(c, settings.schema());
    }
    Stop rerun = rerun(db);
    List<Finding> findings = new ArrayList<>();
    try (Connection c = db.connect()) {
      if (rerun instanceof WaitsOnItself self) {
        findings.add(Advice.waitsOnItself(where, major, self.waiting(), self.holder()));
      } else if (!(rerun instanceof Exited exited && exited.status() == Migrator.MIGRATED)) {
        boolean recordedFailed = SchemaHistory.failed(c, settings.historySchema(),
            settings.historyTable(), migration.getVersion().getVersion());
        findings.add(Advice.rerunFails(where, major, held, rerunFailure(rerun), left,
            recordedFailed));
        invalid.forEach(i -> findings.add(Advice.invalidIndexLeft(where, major, i, true)));
      } else {
        String context = "After a migrator was killed on PostgreSQL " + major
            + " in the middle of " + where + " and a new one finished the upgrade";
        findings.addAll(Convergence.check(reference.get(), c, settings, context));
        InvalidIndex.in(c, settings.schema())
            .forEach(i -> findings.add(Advice.invalidIndexLeft(where, major, i, false)));
      }
    }
    return findings;
  }

  /**
   * A new migrator, run to its end on a thread of its own, or stopped (its sessions ended) when it
   * waits on itself or the timeout passes. It runs in this JVM, which starts much sooner than
   * another; it is still a Flyway of its own, on sessions of its own.
   */
  private Stop rerun(Endpoint db) throws SQLException {
    String application = Settings.application("rerun");
    DataSource source = settings.inProcess(db, application);
    CompletableFuture<Stop> migrate = new CompletableFuture<>();
    Thread thread = new Thread(() -> migrate.complete(migrate(source)), application);
    thread.setDaemon(true);
    thread.start();
    try (Connection observer = db.connect()) {
      List<String> sessions = List.of(application);
      Optional<Stop> stop = Poll.until(settings.timeout(), () -> migrate.isDone()
          ? Optional.of(migrate.join()) : waitsOnItself(Backends.of(observer, sessions)));
      if (stop.isPresent() && stop.get() instanceof Exited) {
        return stop.get();
      }
      List<Backend> backends = Backends.of(observer, sessions);
      Backends.terminate(observer, sessions, settings.timeout());
      awaitEnd(thread);
      return stop.orElse(new NotReached(backends));
    }
  }

  /** Flyway's migrate, as a migrator process would end: its status and what it printed. */
  private Stop migrate(DataSource source) {
    try {
      settings.flyway().configure(source).load().migrate();
      return new Exited(Migrator.MIGRATED, "");
    } catch (RuntimeException e) {
      // Flyway's own failures, and anything else that stops it, end the migrator alike.
      return new Exited(Migrator.FAILED, Migrator.FAILED_PREFIX + Failures.rootMessage(e));
    }
  }

  private void awaitEnd(Thread thread) {
    try {
      thread.join(settings.timeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpgradeException("Interrupted while waiting for the new migrator to end", e);
    }
  }

  /** What the new migrator said, or what it was doing when it timed out. */
  private String rerunFailure(Stop rerun) {
    if (rerun instanceof Exited exited) {
      return Failures.reason(exited.output());
    }
    return "it did not finish within " + settings.timeout().toSeconds() + " s: "
        + ((NotReached) rerun).backends().stream().map(Backend::describe).toList();
  }
}
