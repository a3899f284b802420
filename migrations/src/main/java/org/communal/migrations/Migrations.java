package org.communal.migrations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Applies, inspects and validates a schema history on PostgreSQL. The one way Communal's schema
 * changes.
 *
 * <pre>{@code
 * Migrations migrations = Migrations.configure().dataSource(dataSource).load();
 * migrations.migrate();
 * }</pre>
 *
 * <p>Flyway's PostgreSQL advisory lock stays on, so two nodes starting at once migrate exactly
 * once; {@code clean} is disabled. Instances are immutable and thread-safe; they own nothing (the
 * data source stays the caller's).
 */
public final class Migrations {
  /** Where Communal's migrations live on the class path. */
  public static final String COMMUNAL_LOCATION = "classpath:org/communal/migrations/db/migration";

  /**
   * The one setting of Flyway's PostgreSQL plugin Communal changes. Flyway reads plugin settings
   * given as properties only with Jackson 3 on the class path, so {@link #configure} sets it
   * through the plugin's own API.
   */
  public static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

  /**
   * How Communal runs Flyway, as Flyway configuration properties, for anyone who must migrate
   * exactly as Communal does (the upgrade-test harness). Released migrations are never cleaned
   * away, file names are checked, and Flyway's lock is a session lock rather than one held by an
   * open transaction: with the transactional lock, {@code CREATE INDEX CONCURRENTLY} waits forever
   * for Flyway's own transaction to end.
   */
  public static final Map<String, String> FLYWAY_SETTINGS = Map.of(
      "flyway.cleanDisabled", "true",
      "flyway.validateMigrationNaming", "true",
      "flyway.failOnMissingLocations", "true",
      "flyway.ignoreMigrationPatterns", "*:pending",
      "flyway.encoding", "UTF-8",
      TRANSACTIONAL_LOCK, "false");


  /**
   * Applies Flyway settings given as properties, including {@link #TRANSACTIONAL_LOCK}, to a
   * configuration.
   */
  public static FluentConfiguration configure(FluentConfiguration c, Map<String, String> settings) {
    Map<String, String> plain = new TreeMap<>(settings);
    String lock = plain.remove(TRANSACTIONAL_LOCK);
    c.configuration(plain);
    if (lock != null) {
      c.getConfigurationExtension(PostgreSQLConfigurationExtension.class)
          .setTransactionalLock(Boolean.parseBoolean(lock));
    }
    return c;
  }

  private final DataSource dataSource;
  private final List<String> locations;
  private final ClassLoader classLoader;
  private final String target;

  private Migrations(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource: call dataSource(...) first");
    this.locations = List.copyOf(b.locations);
    this.classLoader = b.classLoader;
    this.target = b.target;
  }

  /** Starts a configuration with Communal's own migrations and this module's class loader. */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Brings the schema to the newest version this code ships (or to the configured target).
   *
   * @throws SchemaTooNewException if a newer release already migrated this database
   * @throws SchemaInvalidException if applied migrations differ from the shipped ones
   * @throws MigrationException if a migration fails; the failed migration is rolled back
   */
  public MigrationResult migrate() {
    checkNotTooNew();
    List<Problem> problems = validate();
    if (!problems.isEmpty()) {
      throw new SchemaInvalidException(problems);
    }
    try {
      MigrateResult r = flyway().migrate();
      return new MigrationResult(Optional.ofNullable(r.initialSchemaVersion),
          Objects.requireNonNullElse(r.targetSchemaVersion, r.initialSchemaVersion),
          r.migrationsExecuted);
    } catch (FlywayException e) {
      throw new MigrationException("A migration failed and was rolled back: " + e.getMessage(), e);
    }
  }

  /** Where the database stands. Reads only. */
  public SchemaStatus status() {
    MigrationInfo[] all = allMigrations();
    Optional<String> current = Arrays.stream(all).filter(MigrationInfo::isApplied)
        .filter(MigrationInfo::isVersioned).map(i -> i.getVersion().getVersion())
        .reduce((a, b) -> b);
    List<String> pending = Arrays.stream(all).filter(i -> i.getState() == MigrationState.PENDING)
        .map(i -> i.getVersion().getVersion()).toList();
    return new SchemaStatus(current, latestVersion(), pending);
  }

  /**
   * Compares the migrations recorded in the database with the ones this code ships and returns
   * every difference (empty when they agree). Pending migrations are not a problem.
   */
  public List<Problem> validate() {
    ValidateResult result;
    try {
      result = flyway().validateWithResult();
    } catch (FlywayException e) {
      return List.of(new Problem("validate-failed", e.getMessage()));
    }
    List<Problem> problems = new ArrayList<>();
    for (ValidateOutput o : result.invalidMigrations) {
      if (o.errorDetails != null) {
        problems.add(new Problem("migration-" + codeOf(o), "version " + o.version + " ("
            + o.description + "): " + o.errorDetails.errorMessage));
      }
    }
    return problems;
  }

  /**
   * Refuses a database that a newer release migrated.
   *
   * @throws SchemaTooNewException naming both versions
   */
  public void checkNotTooNew() {
    Optional<MigrationInfo> future = Arrays.stream(allMigrations())
        .filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS
            || i.getState() == MigrationState.FUTURE_FAILED)
        .reduce((a, b) -> b);
    if (future.isPresent()) {
      throw new SchemaTooNewException(future.get().getVersion().getVersion(), latestVersion());
    }
  }

  /** The newest schema version this code ships. */
  public String latestVersion() {
    return Arrays.stream(allMigrations()).filter(i -> i.getState() != MigrationState.FUTURE_SUCCESS
            && i.getState() != MigrationState.FUTURE_FAILED && i.isVersioned())
        .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo)
        .map(MigrationVersion::getVersion)
        .orElseThrow(() -> new MigrationException("No migrations found at " + locations
            + ". Check the locations, or that the migrations jar is on the class path."));
  }

  /**
   * The bytes of every migration file this code ships, keyed by file name, for checking against a
   * {@link ReleaseMap}.
   */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new TreeMap<>();
    for (String location : locations) {
      files.putAll(MigrationFiles.read(classLoader, location));
    }
    return files;
  }

  private MigrationInfo[] allMigrations() {
    try {
      return flyway().info().all();
    } catch (FlywayException e) {
      throw new MigrationException("Cannot read the schema history: " + e.getMessage(), e);
    }
  }

  private static String codeOf(ValidateOutput o) {
    return o.errorDetails.errorCode.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private Flyway flyway() {
    FluentConfiguration c = configure(Flyway.configure(classLoader), FLYWAY_SETTINGS)
        .dataSource(dataSource)
        .locations(locations.toArray(String[]::new));
    if (target != null) {
      c.target(target);
    }
    return c.load();
  }

  /** Fluent configuration; {@link #load()} ends it. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private List<String> locations = List.of(COMMUNAL_LOCATION);
    private ClassLoader classLoader = Migrations.class.getClassLoader();
    private String target;

    private Builder() {}

    /** The database to migrate. Required. The caller keeps ownership. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Where migrations are read from, as Flyway locations ({@code classpath:...} or {@code
     * filesystem:...}). Default: Communal's own, {@link #COMMUNAL_LOCATION}.
     */
    public Builder locations(String... locations) {
      if (locations.length == 0) {
        throw new IllegalArgumentException("locations: give at least one location");
      }
      this.locations = List.of(locations);
      return this;
    }

    /**
     * The class loader that sees the migrations and Flyway's database support. Default: this
     * module's loader (right inside Jenkins, where the thread's context loader is not).
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Stop migrating at this schema version (inclusive), to install an old release. Default: the
     * newest version.
     */
    public Builder target(String version) {
      MigrationVersion.fromVersion(version);
      this.target = version;
      return this;
    }

    /** The immutable, thread-safe result. */
    public Migrations load() {
      return new Migrations(this);
    }
  }
}
