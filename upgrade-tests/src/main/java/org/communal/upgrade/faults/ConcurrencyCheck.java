package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.communal.upgrade.Finding;
import org.communal.upgrade.faults.Backends.Backend;
import org.communal.upgrade.faults.ConcurrencyReport.Serialisation;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Starts two migrators on one database at the same moment and checks that Flyway's lock lets one
 * migrate while the other waits: both wait at a barrier until the checks open it, the gate holds
 * the first pending migration until one migrator is inside it and the other has tried Flyway's
 * advisory lock (or both are inside it), and then both must finish successfully, each migration
 * recorded once, with the result equal to a clean upgrade.
 */
final class ConcurrencyCheck {
  private static final String FLYWAY_LOCK = "pg_try_advisory";

  private final Settings settings;
  private final Reference reference;
  private final int major;

  /**
   * @param reference a clean upgrade from the same start, which the result must equal
   * @param major the server's PostgreSQL major, for messages
   */
  ConcurrencyCheck(Settings settings, Reference reference, int major) {
    this.settings = settings;
    this.reference = reference;
    this.major = major;
  }

  /** Runs the check on a database whose next pending migration is the given one. */
  ConcurrencyReport run(Endpoint db, MigrationInfo first) throws SQLException {
    List<String> names = List.of(Settings.application("a"), Settings.application("b"));
    List<Finding> findings = new ArrayList<>();
    Serialisation seen;
    try (Connection observer = db.connect(); Barrier barrier = Barrier.hold(db);
        Gate gate = settings.hold(db);
        MigratorProcess a = start(db, names.get(0), barrier);
        MigratorProcess b = start(db, names.get(1), barrier)) {
      seen = watch(observer, barrier, gate, List.of(a, b), Settings.where(first), findings);
      gate.release();
      findings.addAll(outcome(a, "migrator a"));
      findings.addAll(outcome(b, "migrator b"));
      Backends.terminate(observer, names, settings.timeout());
    }
    try (Connection c = db.connect()) {
      findings.addAll(Convergence.check(reference.get(), c, settings,
          "After two migrators started at once on PostgreSQL " + major));
    }
    return new ConcurrencyReport(seen, findings);
  }

  /** Opens the barrier once both wait there, and then sees whether Flyway keeps them apart. */
  private Serialisation watch(Connection observer, Barrier barrier, Gate gate,
      List<MigratorProcess> both, String where, List<Finding> findings) throws SQLException {
    List<String> names = both.stream().map(MigratorProcess::application).toList();
    boolean started = Poll.until(settings.timeout(), () -> atBarrier(observer, both)).isPresent();
    barrier.open();
    if (!started) {
      findings.add(Advice.concurrentStartNotReached(major, timeout(),
          Backends.of(observer, names)));
      return Serialisation.NOT_SEEN;
    }
    Optional<Serialisation> seen = Poll.until(settings.timeout(),
        () -> serialisation(observer, gate.pid(), both));
    if (seen.isEmpty()) {
      findings.add(Advice.serialisationNotSeen(where, major, timeout(),
          Backends.of(observer, names)));
    } else if (seen.get() == Serialisation.BOTH_INSIDE) {
      findings.add(Advice.notSerialised(where, major, inside(observer, gate.pid(), names)));
    }
    return seen.orElse(Serialisation.NOT_SEEN);
  }

  private MigratorProcess start(Endpoint db, String application, Barrier barrier) {
    return MigratorProcess.start(settings.jvm(), db, settings.flyway(), application,
        OptionalLong.of(barrier.key()));
  }

  /** Both wait at the barrier; or one has already ended, which the outcome will tell. */
  private static Optional<Boolean> atBarrier(Connection observer, List<MigratorProcess> both)
      throws SQLException {
    if (both.stream().anyMatch(m -> m.exitStatus().isPresent())) {
      return Optional.empty();
    }
    List<String> waiting = Backends.withAdvisoryLocks(observer, false,
        both.stream().map(MigratorProcess::application).toList());
    return waiting.stream().distinct().count() == 2 ? Optional.of(true) : Optional.empty();
  }

  private static Optional<Serialisation> serialisation(Connection observer, int gate,
      List<MigratorProcess> both) throws SQLException {
    List<String> names = both.stream().map(MigratorProcess::application).toList();
    List<Backend> inside = inside(observer, gate, names);
    long migrators = inside.stream().map(Backend::application).distinct().count();
    if (migrators == 2) {
      return Optional.of(Serialisation.BOTH_INSIDE);
    }
    if (migrators == 1) {
      String in = inside.get(0).application();
      boolean holdsLock = Backends.withAdvisoryLocks(observer, true, List.of(in)).contains(in);
      boolean otherTried = Backends.of(observer, names).stream()
          .filter(b -> !b.application().equals(in))
          .anyMatch(b -> b.query().contains(FLYWAY_LOCK) && b.blockedBy().isEmpty());
      if (holdsLock && otherTried) {
        return Optional.of(Serialisation.ONE_AT_A_TIME);
      }
    }
    if (both.stream().anyMatch(m -> m.exitStatus().isPresent())) {
      return Optional.of(Serialisation.NOT_SEEN);
    }
    return Optional.empty();
  }

  private static List<Backend> inside(Connection observer, int gate, List<String> names)
      throws SQLException {
    return Backends.of(observer, names).stream().filter(b -> b.waitsOn(List.of(gate))).toList();
  }

  private List<Finding> outcome(MigratorProcess m, String name) {
    OptionalInt status = m.awaitExit(settings.timeout());
    if (status.isEmpty()) {
      m.kill(settings.timeout());
      return List.of(Advice.concurrentMigratorFailed(name, major, "did not finish within "
          + timeout(), m.output()));
    }
    if (status.getAsInt() != Migrator.MIGRATED) {
      return List.of(Advice.concurrentMigratorFailed(name, major, "failed", m.output()));
    }
    return List.of();
  }

  private String timeout() {
    return settings.timeout().toSeconds() + " s";
  }
}
