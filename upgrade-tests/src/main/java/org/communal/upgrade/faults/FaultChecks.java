package org.communal.upgrade.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.communal.upgrade.Finding;
import org.communal.upgrade.UpgradeException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Faults during an upgrade, on a real PostgreSQL server, for any Flyway project: a migrator killed
 * with SIGKILL in the middle of each migration in turn and a new migrator run after it, and two
 * migrators started at the same moment.
 *
 * <pre>{@code
 * FaultChecks checks = FaultChecks.configure()
 *     .database(servers.newDatabase(18, "faults"))
 *     .locations("classpath:db/migration")
 *     .after("6")
 *     .seed(fixtureSql)
 *     .load();
 * List<Finding> findings = checks.killMidMigration();
 * findings.addAll(checks.concurrentMigrators());
 * }</pre>
 *
 * <p>Each run works in databases of its own, created beside the given one from a base installed
 * up to {@link Builder#after} and seeded once, and drops them when done; the given database is
 * only their template and stays as it was. Killed and concurrent migrators run in JVMs of their
 * own ({@link ChildJvm}). Instances are immutable and thread-safe; each run blocks its thread.
 */
public final class FaultChecks {
  private final Endpoint database;
  private final String maintenanceDatabase;
  private final Settings settings;
  private final Optional<String> after;
  private final Optional<String> seed;

  private FaultChecks(Builder b) {
    if (b.database == null) {
      throw new IllegalStateException("database: call database(...) first");
    }
    if (!b.flyway.containsKey(FlywaySettings.LOCATIONS)) {
      throw new IllegalStateException("locations: call locations(...) first");
    }
    this.database = b.database;
    this.maintenanceDatabase = b.maintenanceDatabase;
    this.settings = new Settings(b.jvm, new FlywaySettings(b.flyway), b.schema, b.timeout);
    this.after = b.after;
    this.seed = b.seed;
  }

  /** Starts a configuration. */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Kills a migrator in the middle of each migration after the starting version, one migration
   * per fresh copy, lets a new migrator finish the upgrade, and reports what happened to each.
   *
   * <p>"The middle" is where the migration first needs a lock that the checks hold: a statement
   * that needs more than {@code ROW EXCLUSIVE} on a table that existed before the migration, or
   * {@code CREATE INDEX CONCURRENTLY} once it has created its index, or, for a migration that
   * touches no existing table, Flyway's insert into its history table after the last statement.
   *
   * @return one report per migration, in order
   * @throws UpgradeException if a database cannot be set up, or there is no migration after the
   *     starting version
   */
  public List<KillReport> killEachMigration() {
    return inWorkspace((ws, reference) -> {
      List<KillReport> reports = new ArrayList<>();
      KillCheck check = new KillCheck(settings, reference, ws.major());
      MigrationInfo previous = null;
      for (MigrationInfo migration : ws.pending()) {
        Endpoint db = ws.copy("kill_v" + migration.getVersion().getVersion());
        if (previous != null) {
          migrate(db, previous.getVersion().getVersion(), ws.major());
        }
        reports.add(check.run(db, migration));
        previous = migration;
      }
      return reports;
    });
  }

  /** The findings of {@link #killEachMigration()}, in order; empty when every kill converged. */
  public List<Finding> killMidMigration() {
    return killEachMigration().stream().flatMap(r -> r.findings().stream()).toList();
  }

  /**
   * Starts two migrators on a fresh copy at the same moment, holds the first pending migration
   * until it is seen whether Flyway's lock keeps them apart, and checks that both succeed, that
   * each migration is recorded once and that the result equals a clean upgrade.
   *
   * @throws UpgradeException if a database cannot be set up, or there is no migration after the
   *     starting version
   */
  public ConcurrencyReport runConcurrentMigrators() {
    return inWorkspace((ws, reference) -> new ConcurrencyCheck(settings, reference, ws.major())
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
    try (Workspace ws = Workspace.prepare(database, maintenanceDatabase, settings, after, seed)) {
      if (ws.pending().isEmpty()) {
        throw new UpgradeException("No migration after version " + ws.start() + " at "
            + settings.flyway().properties().get(FlywaySettings.LOCATIONS)
            + ": nothing to check. Choose an earlier starting version with after(...).");
      }
      return work.run(ws, new Reference(ws, settings));
    } catch (SQLException e) {
      throw new UpgradeException("A fault check failed on the database: " + e.getMessage(), e);
    }
  }

  /** Brings a copy up to a version, to kill the migrator in the migration after it. */
  private void migrate(Endpoint db, String target, int major) {
    try {
      settings.flyway().configure(settings.inProcess(db, "install")).target(target).load()
          .migrate();
    } catch (FlywayException e) {
      throw new UpgradeException("Migrating to version " + target + " fails on PostgreSQL "
          + major + ": " + Failures.rootMessage(e) + ". Make a plain migrate pass first.", e);
    }
  }

  /** Fluent configuration; {@link #load()} ends it. Not thread-safe. */
  public static final class Builder {
    private Endpoint database;
    private String maintenanceDatabase = "postgres";
    private final Map<String, String> flyway = new TreeMap<>();
    private String schema = "public";
    private Optional<String> after = Optional.empty();
    private Optional<String> seed = Optional.empty();
    private ChildJvm jvm;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * An empty database on the server to check on, as a data source of the PostgreSQL driver
     * ({@code PGSimpleDataSource}, as embedded servers hand out). Required. It serves as the
     * template of the databases the checks create beside it, and is left as it was; its role
     * needs CREATEDB. The caller keeps ownership.
     *
     * @throws IllegalArgumentException for another kind of data source
     */
    public Builder database(DataSource database) {
      this.database = Endpoint.of(Objects.requireNonNull(database, "database"));
      return this;
    }

    /** Like {@link #database(DataSource)}, by URL ({@code jdbc:postgresql://host:port/db}). */
    public Builder database(String jdbcUrl, String user, String password) {
      this.database = new Endpoint(jdbcUrl, user, password);
      return this;
    }

    /**
     * A database on the same server to connect to while creating and dropping the checks'
     * databases. Default: {@code postgres}.
     */
    public Builder maintenanceDatabase(String name) {
      this.maintenanceDatabase = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where the migrations are, as Flyway locations. Required. */
    public Builder locations(String... locations) {
      if (locations.length == 0) {
        throw new IllegalArgumentException("locations: give at least one location");
      }
      return flywayProperty(FlywaySettings.LOCATIONS, String.join(",", locations));
    }

    /**
     * Flyway's PostgreSQL advisory lock mode ({@code postgresql.transactional.lock}). Default:
     * Flyway's, {@code true}. Set {@code false} when migrations use CREATE INDEX CONCURRENTLY.
     */
    public Builder transactionalLock(boolean transactional) {
      return flywayProperty(FlywaySettings.TRANSACTIONAL_LOCK, String.valueOf(transactional));
    }

    /**
     * Any other Flyway configuration property the project's migrators use, by Flyway's name,
     * such as {@code flyway.placeholders.owner} or {@code flyway.table}. Default: none.
     */
    public Builder flywayProperty(String name, String value) {
      if (!name.startsWith("flyway.")) {
        throw new IllegalArgumentException("Flyway property " + name + " does not start with"
            + " flyway.; use Flyway's own names, such as flyway.placeholders.owner");
      }
      flyway.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The schema whose tables are held and compared. Default: {@code public}. */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The schema version every check starts from: faults are injected in the migrations after
     * it. Default: the first migration, which itself cannot be held (no table exists before it).
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
     * to die, to finish, for a lock in the new migrator. Default: 60 seconds.
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
      if (jvm == null) {
        jvm = ChildJvm.current();
      }
      return new FaultChecks(this);
    }
  }
}
