package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.Migrations;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;
import org.communal.upgrade.data.DataChecks;
import org.communal.upgrade.data.DataGenerator;
import org.communal.upgrade.data.EdgeFilter;
import org.communal.upgrade.data.EdgeValue;
import org.communal.upgrade.data.Transformations;
import org.communal.upgrade.safety.MigrationProfiler;
import org.communal.upgrade.safety.Preflight;
import org.communal.upgrade.safety.SafetySettings;
import org.communal.upgrade.schema.SchemaDifference;
import org.communal.upgrade.schema.SchemaSnapshot;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Runs the matrix: for every PostgreSQL major, every starting point (an empty database and each
 * release in the release map), every mode and every time zone, one {@link PathResult}.
 *
 * <p>A path installs exactly what its release shipped (the manifest's checksums prove the files
 * unchanged), fills it with rows, upgrades it to HEAD and proves the result: Flyway validates, no
 * data was lost, every sequence is ahead of its column, and the schema equals a fresh install of
 * HEAD on the same major. Paths that differ only in time zone must also leave the same data. A
 * path whose migration fails only on the generator's edge values runs again on plain values
 * ({@link EdgeRetry}).
 *
 * <p>Each major runs on its own thread (at most one per processor); its paths run one after
 * another. Each release's schema is installed once per major and copied for each path, as is the
 * fresh install it is compared with.
 */
public final class UpgradeMatrix {
  static final String SCHEMA = "public";

  private final MatrixSettings settings;
  private final PostgresProvider servers;
  private final Progress progress;
  private final Map<String, byte[]> files;
  /** The assertions kept beside the migrations, for the changes they make to data on purpose. */
  private final Transformations transformations;
  /** The versions of the migrations some release shipped: their risks warn, not fail. */
  private final Set<String> released;

  private UpgradeMatrix(MatrixSettings settings, PostgresProvider servers, Progress progress) {
    this.settings = settings;
    this.servers = servers;
    this.progress = progress;
    this.files = MigrationFiles.read(UpgradeMatrix.class.getClassLoader(), settings.location());
    this.transformations = Transformations.load(UpgradeMatrix.class.getClassLoader(),
        settings.location());
    this.released = settings.releases().manifest().keySet().stream()
        .map(ReleaseMap::versionOf).flatMap(Optional::stream)
        .map(v -> MigrationVersion.fromVersion(v).getVersion())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * Runs every path of the settings on the provider's servers.
   *
   * @param progress hears each path's steps; called from several threads at once
   * @throws UpgradeException if a requested major is not served
   */
  public static MatrixResult run(MatrixSettings settings, PostgresProvider servers,
      Progress progress) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(progress, "progress");
    List<Integer> missing = settings.majors().stream()
        .filter(m -> !servers.majors().contains(m)).toList();
    if (!missing.isEmpty()) {
      throw new UpgradeException("PostgreSQL " + missing + " asked for, but " + servers.describe()
          + " serves only " + servers.majors() + ".");
    }
    return new UpgradeMatrix(settings, servers, progress).run();
  }

  private MatrixResult run() {
    long start = System.nanoTime();
    List<Finding> manifest = new ArrayList<>(settings.releases().check(files).stream()
        .map(p -> Finding.failure(p.code(), "", p.message())).toList());
    // A configuration that would hang a deploy fails every path before any runs.
    manifest.addAll(Preflight.check(files,
        Preflight.transactionalLock(flyway(null).load().getConfiguration())));
    int threads = Math.min(settings.majors().size(),
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "upgrade-matrix");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<PathResult>>> majors = new ArrayList<>();
      for (int major : settings.majors()) {
        majors.add(pool.submit(() -> new MajorRun(major, manifest).run()));
      }
      List<PathResult> paths = new ArrayList<>();
      for (Future<List<PathResult>> f : majors) {
        paths.addAll(f.get());
      }
      return new MatrixResult(settings.project(), paths,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpgradeException("The matrix run was interrupted.", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UpgradeException u ? u
          : new UpgradeException("The matrix run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every starting point: an empty database (when asked for), then each release in order. */
  private List<Optional<Release>> starts() {
    List<Optional<Release>> starts = new ArrayList<>();
    if (settings.fromEmpty()) {
      starts.add(Optional.empty());
    }
    settings.releases().releases().forEach(r -> starts.add(Optional.of(r)));
    return starts;
  }

  FluentConfiguration flyway(DataSource ds) {
    return Migrations.configure(Flyway.configure(UpgradeMatrix.class.getClassLoader()),
        settings.flyway()).dataSource(ds).locations(settings.location()).cleanDisabled(true);
  }

  /** The paths of one major, with the installs they share. */
  private final class MajorRun {
    private final int major;
    private final List<Finding> manifest;
    private final Map<String, ScratchDatabase> templates = new ConcurrentHashMap<>();
    private final Map<ZoneId, SchemaSnapshot> fresh = new ConcurrentHashMap<>();

    MajorRun(int major, List<Finding> manifest) {
      this.major = major;
      this.manifest = manifest;
    }

    List<PathResult> run() throws SQLException {
      List<PathResult> results = new ArrayList<>();
      try {
        for (Optional<Release> start : starts()) {
          results.addAll(runFrom(start));
        }
      } finally {
        templates.values().forEach(servers::drop);
      }
      return results;
    }

    /**
     * Every path from one starting point. The rows go in once; each path upgrades a copy of the
     * seeded database, so that paths differing only in time zone start from identical data.
     */
    private List<PathResult> runFrom(Optional<Release> start) throws SQLException {
      List<PathResult> results = new ArrayList<>();
      SeededDatabase seeded = null;
      Optional<Finding> failedToSeed = Optional.empty();
      EdgeRetry retry = new EdgeRetry(new StartRuns(start), progress);
      try {
        Map<String, Map<ZoneId, Map<String, String>>> dataByZone = new HashMap<>();
        for (Mode mode : settings.modes()) {
          for (ZoneId zone : settings.zones()) {
            PathSpec spec = new PathSpec(start.map(Release::name),
                start.map(Release::schemaVersion), major, mode, zone);
            progress.started(spec);
            if (seeded == null && failedToSeed.isEmpty()
                && manifest.stream().noneMatch(Finding::fails)) {
              try {
                seeded = seed(spec, start);
              } catch (UpgradeException | FlywayException | SQLException e) {
                failedToSeed = Optional.of(Finding.failure("release-install-failed",
                    start.map(Release::name).orElse("empty"), "Installing the release's schema"
                        + " or its rows failed, so no path from it could run: "
                        + e.getMessage().strip()));
              }
            }
            if (failedToSeed.isPresent()) {
              PathResult failed = new PathResult(spec, List.of(failedToSeed.get()), List.of(),
                  Duration.ZERO, Duration.ZERO);
              progress.finished(failed);
              results.add(failed);
              continue;
            }
            EdgeRetry.Ran ran = retry.run(spec, seeded);
            // Only paths that ran on the same rows can be compared across zones.
            Map<ZoneId, Map<String, String>> byZone = dataByZone.computeIfAbsent(
                mode.label() + (ran.plain() ? " plain" : ""), m -> new LinkedHashMap<>());
            byZone.put(zone, ran.run().dataAfter());
            results.add(zoneCheck(ran.run().result(), byZone));
          }
        }
      } finally {
        retry.close();
        if (seeded != null) {
          servers.drop(seeded.database());
        }
      }
      return results;
    }

    /** A copy of the release's schema filled with rows, and what it held. */
    private SeededDatabase seed(PathSpec spec, Optional<Release> start) throws SQLException {
      return seed(spec, start, EdgeFilter.ALL, progress);
    }

    /**
     * A copy of the release's schema filled with rows, with only the edge values allowed.
     *
     * @param told hears the steps
     */
    private SeededDatabase seed(PathSpec spec, Optional<Release> start, EdgeFilter edges,
        Progress told) throws SQLException {
      ScratchDatabase db = start.isPresent() ? servers.copy(template(start.get()),
          "seeded_" + start.get().name()) : servers.create(major, "empty");
      try (Connection c = db.dataSource(MatrixSettings.UTC).getConnection()) {
        List<EdgeValue> made = List.of();
        if (start.isPresent()) {
          loadFixture(c, spec, start.get(), told);
          made = generate(c, spec, edges, told);
        }
        return new SeededDatabase(db, ZoneFingerprints.columns(c, SCHEMA), made);
      } catch (SQLException | RuntimeException e) {
        servers.drop(db);
        throw e;
      }
    }

    /** Generated rows in every table; the edge values written. */
    private List<EdgeValue> generate(Connection c, PathSpec spec, EdgeFilter edges,
        Progress told) throws SQLException {
      if (settings.rows() == 0) {
        return List.of();
      }
      told.step(spec, "generating " + settings.rows() + " rows per table (seed "
          + settings.seed() + ")");
      return DataGenerator.configure().rowsPerTable(settings.rows()).seed(settings.seed())
          .edges(edges).build().fill(c, SCHEMA).edges();
    }

    private void loadFixture(Connection c, PathSpec spec, Release release, Progress told) {
      Optional<String> fixture = settings.fixtures().upTo(settings.releases(), release);
      if (fixture.isPresent()) {
        told.step(spec, "loading the fixture of " + release.name());
        try (Statement s = c.createStatement()) {
          s.execute(fixture.get());
        } catch (SQLException e) {
          throw new UpgradeException("The fixture for release " + release.name() + " failed: "
              + e.getMessage() + ". Fix the fixture SQL so that it fits that release's schema.",
              e);
        }
      }
    }

    /**
     * Adds a finding to a path whose data after the upgrade differs from the same path's in the
     * first zone: the migrations' effect on data depends on the session time zone.
     */
    private PathResult zoneCheck(PathResult result, Map<ZoneId, Map<String, String>> byZone) {
      ZoneId first = byZone.keySet().iterator().next();
      Map<String, String> reference = byZone.get(first);
      Map<String, String> mine = byZone.get(result.spec().zone());
      if (first.equals(result.spec().zone()) || reference == null || mine == null) {
        progress.finished(result);
        return result;
      }
      List<Finding> findings = new ArrayList<>(result.findings());
      for (Map.Entry<String, String> table : mine.entrySet()) {
        String other = reference.get(table.getKey());
        if (other != null && !other.equals(table.getValue())) {
          findings.add(Finding.failure("time-zone-dependent", "table " + table.getKey(),
              "after the same upgrade its rows differ between session time zone "
                  + result.spec().zone().getId() + " and " + first.getId() + ". A migration"
                  + " converts timestamp data by the session's zone (for example ALTER COLUMN ..."
                  + " TYPE timestamptz without USING ... AT TIME ZONE 'UTC'): name the zone"
                  + " explicitly."));
        }
      }
      PathResult checked = new PathResult(result.spec(), findings, result.migrations(),
          result.duration(), result.insideMigrations());
      progress.finished(checked);
      return checked;
    }

    /** The release's schema, installed once and copied for each of its paths. */
    ScratchDatabase template(Release release) {
      return templates.computeIfAbsent(release.name(), name -> {
        ScratchDatabase db = servers.create(major, "release_" + name);
        flyway(db.dataSource(MatrixSettings.UTC)).target(release.schemaVersion()).load().migrate();
        return db;
      });
    }

    /** The schema of a fresh install of HEAD in a zone. */
    SchemaSnapshot fresh(ZoneId zone) {
      return fresh.computeIfAbsent(zone, z -> {
        ScratchDatabase db = servers.create(major, "fresh");
        try {
          flyway(db.dataSource(z)).load().migrate();
          try (Connection c = db.dataSource(z).getConnection()) {
            return SchemaSnapshot.read(c, SCHEMA);
          }
        } catch (SQLException e) {
          throw new UpgradeException("Cannot read the fresh install's schema on PostgreSQL "
              + major + ": " + e.getMessage(), e);
        } finally {
          servers.drop(db);
        }
      });
    }

    /** Seeding, running and probing the paths of one start, for {@link EdgeRetry}. */
    private final class StartRuns implements EdgeRetry.Start {
      private final Optional<Release> start;

      StartRuns(Optional<Release> start) {
        this.start = start;
      }

      @Override
      public SeededDatabase seed(PathSpec spec, EdgeFilter edges) throws SQLException {
        return MajorRun.this.seed(spec, start, edges, Progress.NONE);
      }

      @Override
      public PathRun run(PathSpec spec, SeededDatabase rows) {
        return new Path(spec, rows).run();
      }

      @Override
      public Optional<FailedStatement.Failure> migrateTo(PathSpec spec, SeededDatabase rows,
          String version) {
        FailedStatement witness = new FailedStatement();
        FluentConfiguration config = flyway(rows.database().dataSource(spec.zone()))
            .callbacks(witness);
        if (!version.isEmpty()) {
          config.target(version);
        }
        try {
          config.load().migrate();
        } catch (FlywayException e) {
          // The witness tells where.
        }
        return witness.failure();
      }

      @Override
      public void drop(SeededDatabase rows) {
        servers.drop(rows.database());
      }
    }

    /** One path. */
    private final class Path {
      private final PathSpec spec;
      private final SeededDatabase seeded;
      private final List<Finding> findings = new ArrayList<>();
      private final List<MigrationReport> migrations = new ArrayList<>();
      /** Hears the statement a migration fails at. */
      private final FailedStatement failed = new FailedStatement();
      private Duration inside = Duration.ZERO;
      private Map<String, String> dataAfter;
      private boolean migrationFailed;

      Path(PathSpec spec, SeededDatabase seeded) {
        this.spec = spec;
        this.seeded = seeded;
      }

      PathRun run() {
        long start = System.nanoTime();
        findings.addAll(manifest);
        ScratchDatabase db = null;
        try {
          if (seeded != null) {
            db = servers.copy(seeded.database(), "path");
            upgrade(db);
          }
        } catch (SQLException | UpgradeException e) {
          findings.add(Finding.failure("harness-error", "", "The path could not run: "
              + e.getMessage()));
        } finally {
          if (db != null) {
            servers.drop(db);
          }
        }
        return new PathRun(new PathResult(spec, findings, migrations,
            Duration.ofNanos(System.nanoTime() - start), inside), dataAfter, migrationFailed,
            failed.failure());
      }

      private void upgrade(ScratchDatabase db) throws SQLException {
        DataSource ds = db.dataSource(spec.zone());
        DataSource utc = db.dataSource(MatrixSettings.UTC);
        DataChecks data;
        try (Connection c = ds.getConnection()) {
          data = DataChecks.before(c, SCHEMA, transformations);
        }
        // The profiler measures on connections of its own, beside Flyway's two.
        MigrationProfiler profiler = MigrationProfiler.create(utc, released,
            SafetySettings.defaults());
        boolean migrated = migrate(ds, profiler);
        migrations.addAll(profiler.reports());
        findings.addAll(profiler.findings());
        if (!migrated) {
          return;
        }
        progress.step(spec, "checking");
        ValidateResult valid = flyway(ds).load().validateWithResult();
        if (!valid.validationSuccessful) {
          valid.invalidMigrations.forEach(m -> findings.add(Finding.failure("flyway-invalid",
              "V" + m.version, m.errorDetails.errorMessage)));
        }
        try (Connection c = ds.getConnection()) {
          findings.addAll(data.after(c, Transformations.versionsApplied(c, SCHEMA,
              spec.schemaVersion().orElse(null)), settings.seed()));
          for (SchemaDifference d : fresh(spec.zone()).compare(SchemaSnapshot.read(c, SCHEMA))) {
            findings.add(Finding.failure("schema-differs", "", d.describe()));
          }
        }
        try (Connection c = utc.getConnection()) {
          dataAfter = ZoneFingerprints.read(c, SCHEMA, seeded.columns());
        }
      }

      /** Migrates to HEAD in the path's mode; false when a migration failed. */
      private boolean migrate(DataSource ds, MigrationProfiler profiler) {
        List<String> pending = java.util.Arrays.stream(flyway(ds).load().info().pending())
            .map(MigrationInfo::getVersion).filter(Objects::nonNull).map(Object::toString)
            .toList();
        List<Optional<String>> runs = spec.mode() == Mode.BATCHED ? List.of(Optional.empty())
            : pending.stream().map(Optional::of).toList();
        for (Optional<String> target : runs) {
          progress.step(spec, target.map(v -> "migrating V" + v)
              .orElse(pending.isEmpty() ? "nothing to migrate: already at HEAD"
                  : pending.size() == 1 ? "migrating V" + pending.get(0)
                  : "migrating " + pending.size() + " migrations at once"));
          FluentConfiguration config = flyway(ds).callbacks(profiler, failed);
          target.ifPresent(config::target);
          long t0 = System.nanoTime();
          try {
            config.load().migrate();
          } catch (FlywayException e) {
            findings.add(Finding.failure("migration-failed", target.map(v -> "V" + v).orElse(""),
                e.getMessage().strip()));
            migrationFailed = true;
            return false;
          } finally {
            inside = inside.plusNanos(System.nanoTime() - t0);
          }
        }
        return true;
      }
    }
  }
}
