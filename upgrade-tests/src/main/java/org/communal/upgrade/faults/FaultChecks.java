package org.communal.upgrade.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.communal.upgrade.Finding;
import org.communal.upgrade.PostgresProvider;
import org.communal.upgrade.UpgradeException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Faults during an upgrade, on a real PostgreSQL server, for any Flyway project: a migrator killed
 * with SIGKILL in the middle of each migration in turn and a new migrator run after it, and two
 * migrators started at the same moment. Meant to run once per PostgreSQL major.
 *
 * <pre>{@code
 * FaultChecks checks = FaultChecks.configure()
 *     .server(provider, 18)
 *     .locations("classpath:db/migration")
 *     .flyway(projectFlywayProperties)
 *     .after("6")
 *     .seed(fixtureSql)
 *     .load();
 * List<Finding> findings = new ArrayList<>(checks.killMidMigration());
 * findings.addAll(checks.concurrentMigrators());
 * }</pre>
 *
 * <p>Each run works in scratch databases of its own: a base installed up to {@link Builder#after}
 * and seeded once, and copies of it, which it drops when done. Killed and concurrent migrators run
 * in JVMs of their own ({@link ChildJvm}). Instances are immutable and thread-safe; a run blocks
 * its thread for a few seconds per migration.
 */
public final class FaultChecks {
  private final PostgresProvider provider;
  private final int major;
  private final Settings settings;
  private final Optional<String> after;
  private final Optional<String> seed;

  private FaultChecks(Builder b) {
    if (b.provider == null) {
      throw new IllegalStateException("server: call server(provider, major) first");
    }
    if (!b.flyway.containsKey(FlywaySettings.LOCATIONS)) {
      throw new IllegalStateException("locations: call locations(...) first");
    }
    this.provider = b.provider;
    this.major = b.major;
    this.settings = new Settings(b.jvm == null ? ChildJvm.current() : b.jvm,
        new FlywaySettings(b.flyway), b.schema, b.zone, b.timeout);
    this.after = b.after;
    this.seed = b.seed;
  }

  /** Starts a configuration. */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Kills a migrator in the middle of each migration after the starting version, one migration
   * per fresh copy of the seeded base, lets a new migrator finish the upgrade, and reports what
   * happened in each.
   *
   * <p>"The middle" is the first point in the migration that needs a lock the checks hold: a
   * statement that needs more than {@code ROW EXCLUSIVE} on a table that existed before the
   * migration, or {@code CREATE INDEX CONCURRENTLY} once it has created its (still invalid) index,
   * or, for a migration that touches no existing table, Flyway's insert into its history table
   * after the last statement.
   *
   * @return one report per migration, in order
   * @throws UpgradeException if a database cannot be set up, a plain migrate fails before the
   *     migration to kill, or there is no migration after the starting version
   */
  public List<KillReport> killEachMigration() {
    return inWorkspace((ws, reference) -> {
      List<KillReport> reports = new ArrayList<>();
      KillCheck check = new KillCheck(settings, reference, major);
      Optional<String> previous = Optional.empty();
      for (MigrationInfo migration : ws.pending()) {
        Endpoint db = ws.copy("kill_v" + migration.getVersion().getVersion());
        previous.ifPresent(version -> migrate(db, version));
        reports.add(check.run(db, migration));
        previous = Optional.of(migration.getVersion().getVersion());
      }
      return reports;
    });
  }

  /** The findings of {@link #killEachMigration()}, in order; empty when every kill converged. */
  public List<Finding> killMidMigration() {
    return killEachMigration().stream().flatMap(r -> r.findings().stream()).toList();
  }

  /**
   * Starts two migrators on a fresh copy of the seeded base at the same moment, holds the first
   * pending migration until it is seen whether Flyway's lock keeps them apart, and checks that
   * both succeed, that each migration is recorded once, and that the result equals a clean
   * upgrade.
   *
   * @throws UpgradeException if a database cannot be set up, or there is no migration after the
   *     starting version
   */
  public ConcurrencyReport runConcurrentMigrators() {
    return inWorkspace((ws, reference) -> new ConcurrencyCheck(settings, reference, major)
        .run(ws.copy("concurrent"), ws.pending().get(0)));
  }

  /** The findings of {@link #runConcurrentMigrators()}; empty when all went well. */
  public List<Finding> concurrentMigrators() {
    return runConcurrentMigrators().findings();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Workspace workspace, Reference reference) throws SQLException;
  }

  private <T> T inWorkspace(Work<T> work) {
    try (Workspace ws = Workspace.prepare(provider, major, settings, after, seed)) {
      if (ws.pending().isEmpty()) {
        throw new UpgradeException("No migration after version " + ws.start() + " at "
            + settings.flyway().properties().get(FlywaySettings.LOCATIONS)
            + ": nothing to check. Choose an earlier starting version with after(...).");
      }
      return work.run(ws, new Reference(ws, settings));
    } catch (SQLException e) {
      throw new UpgradeException("A fault check on PostgreSQL " + major + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Brings a copy up to a version, to kill the migrator in the migration after it. */
  private void migrate(Endpoint db, String target) {
    try {
      settings.flyway().configure(settings.inProcess(db, Settings.application("install"))).target(target).load()
          .migrate();
    } catch (FlywayException e) {
      throw new UpgradeException("Migrating to version " + target + " fails on PostgreSQL "
          + major + ": " + Failures.rootMessage(e) + ". Make a plain migrate pass first.", e);
    }
  }

  /** Fluent configuration; {@link #load()} ends it. Not thread-safe. */
  public static final class Builder {
    private PostgresProvider provider;
    private int major;
    private final Map<String, String> flyway = new TreeMap<>();
    private String schema = "public";
    private ZoneId zone = ZoneId.of("UTC");
    private Optional<String> after = Optional.empty();
    private Optional<String> seed = Optional.empty();
    private ChildJvm jvm;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * The server to check on: the provider's server of this PostgreSQL major. Required. The
     * checks create their scratch databases there, as a role that may create databases and end
     * its own sessions, and drop them when done. The caller keeps ownership of the provider.
     */
    public Builder server(PostgresProvider provider, int major) {
      this.provider = Objects.requireNonNull(provider, "provider");
      if (!provider.majors().contains(major)) {
        throw new IllegalArgumentException("The provider has no PostgreSQL " + major
            + "; it serves " + provider.majors() + ".");
      }
      this.major = major;
      return this;
    }

    /** Where the migrations are, as Flyway locations. Required. */
    public Builder locations(String... locations) {
      if (locations.length == 0) {
        throw new IllegalArgumentException("locations: give at least one location");
      }
      return flyway(Map.of(FlywaySettings.LOCATIONS, String.join(",", locations)));
    }

    /**
     * Flyway configuration properties the project deploys with, by Flyway's names ({@code
     * flyway.placeholders.owner}, {@code flyway.table}, {@code
     * flyway.postgresql.transactional.lock} ...), added to those given before. Default: none,
     * which is Flyway's defaults.
     */
    public Builder flyway(Map<String, String> properties) {
      properties.forEach((name, value) -> {
        if (!name.startsWith("flyway.")) {
          throw new IllegalArgumentException("Flyway property " + name + " does not start with"
              + " flyway.; use Flyway's own names, such as flyway.placeholders.owner");
        }
        flyway.put(name, Objects.requireNonNull(value, name));
      });
      return this;
    }

    /**
     * Flyway's PostgreSQL advisory lock mode ({@code flyway.postgresql.transactional.lock}).
     * Default: Flyway's, {@code true}. Projects that use CREATE INDEX CONCURRENTLY need {@code
     * false}.
     */
    public Builder transactionalLock(boolean transactional) {
      return flyway(Map.of(FlywaySettings.TRANSACTIONAL_LOCK, String.valueOf(transactional)));
    }

    /** The schema whose tables are held and compared. Default: {@code public}. */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** Every session's time zone, in migrators and checks alike. Default: UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * The schema version every check starts from; faults go into the migrations after it.
     * Default: the first migration, which itself cannot be held (no table exists before it).
     */
    public Builder after(String version) {
      this.after = Optional.of(Objects.requireNonNull(version, "version"));
      return this;
    }

    /** SQL that fills the schema at the starting version with rows, run once. Default: none. */
    public Builder seed(String sql) {
      this.seed = Optional.of(Objects.requireNonNull(sql, "sql"));
      return this;
    }

    /** How to start migrator JVMs. Default: {@link ChildJvm#current()}. */
    public Builder jvm(ChildJvm jvm) {
      this.jvm = Objects.requireNonNull(jvm, "jvm");
      return this;
    }

    /**
     * The longest any single wait may take: for a migrator to reach the point where it is held,
     * to die, to finish; for any lock a migrator in this JVM waits for. Default: 60 seconds.
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The immutable, thread-safe checks. */
    public FaultChecks load() {
      return new FaultChecks(this);
    }
  }
}
