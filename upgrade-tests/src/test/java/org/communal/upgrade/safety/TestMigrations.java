package org.communal.upgrade.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MigrationReport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * A migration set written into a folder and run by plain Flyway with a profiler, on a fresh
 * database of the build's embedded PostgreSQL. V1 is installed first without the profiler, as a
 * released schema would be; the profiler then measures the rest.
 */
final class TestMigrations {
  /** V1: {@code things} with 5,000 rows and {@code owners} with 100, from generate_series. */
  static final String SEED = """
      CREATE TABLE owners (id integer PRIMARY KEY);
      CREATE TABLE things (id integer PRIMARY KEY, name text, size integer, owner integer);
      INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
      INSERT INTO things SELECT g, 'thing ' || g, g % 100, 1 + g % 100
        FROM generate_series(1, 5000) g;
      """;

  private final Map<String, String> files = new LinkedHashMap<>();
  private Set<String> released = Set.of("1");
  private SafetySettings settings = SafetySettings.defaults();
  private boolean transactionalLock;

  private TestMigrations() {}

  /** A set whose V1 is {@link #SEED}. */
  static TestMigrations seeded() {
    return new TestMigrations().add("V1__seed.sql", SEED);
  }

  /** A set read from a folder of the test class path, such as a broken set. */
  static TestMigrations fromResources(String folder) {
    TestMigrations set = new TestMigrations();
    org.communal.migrations.MigrationFiles.read(TestMigrations.class.getClassLoader(),
        "classpath:" + folder).forEach((name, bytes) ->
            set.add(name, new String(bytes, StandardCharsets.UTF_8)));
    return set;
  }

  /** Adds a migration file. */
  TestMigrations add(String name, String sql) {
    files.put(name, sql);
    return this;
  }

  /** The released versions (only "1" unless told). */
  TestMigrations released(String... versions) {
    released = Set.of(versions);
    return this;
  }

  /** The profiler's settings (the defaults unless told). */
  TestMigrations settings(SafetySettings settings) {
    this.settings = settings;
    return this;
  }

  /** Keeps Flyway's default postgresql.transactional.lock=true; the tests turn it off otherwise. */
  TestMigrations withTransactionalLock() {
    transactionalLock = true;
    return this;
  }

  boolean transactionalLock() {
    return transactionalLock;
  }

  /** The files, as bytes by name. */
  Map<String, byte[]> bytes() {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return bytes;
  }

  /** Writes the files into a folder and returns it. */
  Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Plain Flyway for a folder of migrations, with postgresql.transactional.lock as configured. */
  FluentConfiguration flyway(DataSource ds, Path dir) {
    FluentConfiguration flyway = Flyway.configure().dataSource(ds)
        .locations("filesystem:" + dir);
    flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(transactionalLock);
    return flyway;
  }

  /** A profiler for a database with this set's released versions and settings. */
  MigrationProfiler profiler(DataSource ds) {
    return MigrationProfiler.create(ds, released, settings);
  }

  /** Installs V1 on a fresh database, then runs the rest in one migrate with a profiler. */
  Profiled profile(int major, Path dir) {
    DataSource ds = database(major);
    writeTo(dir);
    flyway(ds, dir).target("1").load().migrate();
    MigrationProfiler profiler = profiler(ds);
    RuntimeException failure = null;
    try {
      flyway(ds, dir).callbacks(profiler).load().migrate();
    } catch (RuntimeException e) {
      failure = e;
    }
    return new Profiled(ds, profiler.reports(), failure);
  }

  /**
   * What a profiled migrate gave.
   *
   * @param database the database
   * @param reports the reports of every migration after V1
   * @param failure what migrate threw, if it failed
   */
  record Profiled(DataSource database, List<MigrationReport> reports, RuntimeException failure) {
    /** The codes of every finding, sorted. */
    Set<String> codes() {
      return new TreeSet<>(findings().stream().map(Finding::check).toList());
    }

    List<Finding> findings() {
      return reports.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** The report of one version. */
    MigrationReport report(String version) {
      return reports.stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow(
          () -> new AssertionError("no report for V" + version + " in " + reports));
    }

    /** Every finding, one line each, for assertion messages. */
    String describe() {
      StringBuilder b = new StringBuilder();
      reports.forEach(r -> {
        b.append("V").append(r.version()).append(' ').append(r.description()).append(": locks ")
            .append(r.locks()).append(", rewritten ").append(r.rewritten()).append(", scanned ")
            .append(r.scanned()).append('\n');
        r.findings().forEach(f -> b.append("  ").append(f.describe()).append('\n'));
      });
      return failure == null ? b.toString() : b + "migrate failed: " + failure.getMessage();
    }
  }

  /** A fresh database on the build's server of that major. */
  static DataSource database(int major) {
    return BuildServers.get().newDatabase(major, "safety");
  }

  /** The majors to test on ({@code communal.upgrade.majors}; 13 and 18 by default). */
  static Stream<Integer> majors() {
    return Arrays.stream(System.getProperty("communal.upgrade.majors", "13,18").split(","))
        .map(String::strip).map(Integer::parseInt);
  }
}
