package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.Migrations;
import org.communal.migrations.Problem;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;
import org.communal.upgrade.schema.SchemaDifference;
import org.communal.upgrade.schema.SchemaSnapshot;

/**
 * One path: install exactly what a release shipped, fill it with data, upgrade it to HEAD, and
 * prove that Flyway validates, that the schema equals a fresh install of HEAD, that no data was
 * lost, and that every sequence is ahead of its column.
 */
public final class UpgradePath {
  private static final String SCHEMA = "public";

  private final EmbeddedServers servers;
  private final ReleaseMap releases;
  private final String location;
  private final Map<String, byte[]> migrationFiles;

  /**
   * @param servers where to create the databases
   * @param releases the release map and manifest
   * @param location HEAD's migrations, as a Flyway location
   */
  public UpgradePath(EmbeddedServers servers, ReleaseMap releases, String location) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.releases = Objects.requireNonNull(releases, "releases");
    this.location = Objects.requireNonNull(location, "location");
    this.migrationFiles = MigrationFiles.read(UpgradePath.class.getClassLoader(), location);
  }

  /** Communal's own migrations and release map. */
  public static UpgradePath communal(EmbeddedServers servers) {
    return new UpgradePath(servers, ReleaseMap.communal(), Migrations.COMMUNAL_LOCATION);
  }

  private Migrations.Builder migrations(DataSource ds) {
    return Migrations.configure().dataSource(ds).locations(location);
  }

  /**
   * Runs the path from a release on a PostgreSQL major version.
   *
   * @param fixtureSql SQL that fills the release's schema with rows, run before the upgrade
   */
  public PathResult run(Release release, int major, Optional<String> fixtureSql) {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    releases.check(migrationFiles).stream().map(Problem::toString).forEach(problems::add);
    if (problems.isEmpty()) {
      try {
        problems.addAll(upgrade(release, major, fixtureSql));
      } catch (SQLException e) {
        problems.add("SQL failed: " + e.getMessage());
      }
    }
    PathSpec spec = new PathSpec(Optional.of(release.name()), Optional.of(release.schemaVersion()),
        major, Mode.BATCHED, java.time.ZoneOffset.UTC);
    return new PathResult(spec, problems.stream().map(p -> Finding.failure("upgrade", "", p))
        .toList(), List.of(), Duration.ofNanos(System.nanoTime() - start), Duration.ZERO);
  }

  private List<String> upgrade(Release release, int major, Optional<String> fixtureSql)
      throws SQLException {
    DataSource fresh = servers.newDatabase(major, "fresh");
    migrations(fresh).load().migrate();
    DataSource upgraded = servers.newDatabase(major, "from_" + release.name());
    migrations(upgraded).target(release.schemaVersion()).load().migrate();
    List<String> problems = new ArrayList<>();
    try (Connection c = Sql.connect(upgraded)) {
      fixtureSql.ifPresent(sql -> execute(c, sql, release));
      DataSnapshot before = DataSnapshot.read(c, SCHEMA);
      before.emptyTables().forEach(t -> problems.add("table " + t + " holds no rows at release "
          + release.name() + ", so its upgrade is untested: add rows to its fixture"));
      Migrations head = migrations(upgraded).load();
      head.migrate();
      head.validate().stream().map(Problem::toString).forEach(problems::add);
      problems.addAll(before.compareWith(c));
      problems.addAll(Sequences.behind(c, SCHEMA));
    }
    problems.addAll(schemaDifferences(fresh, upgraded));
    return problems;
  }

  private static List<String> schemaDifferences(DataSource fresh, DataSource upgraded)
      throws SQLException {
    try (Connection f = Sql.connect(fresh); Connection u = Sql.connect(upgraded)) {
      List<SchemaDifference> diffs =
          SchemaSnapshot.read(f, SCHEMA).compare(SchemaSnapshot.read(u, SCHEMA));
      return diffs.stream().map(d -> "schema differs from a fresh install: " + d.describe())
          .toList();
    }
  }

  private static void execute(Connection c, String sql, Release release) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new UpgradeException("The fixture for release " + release.name() + " failed: "
          + e.getMessage() + ". Fix the fixture SQL so that it fits that release's schema.", e);
    }
  }
}
