package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.upgrade.PostgresProvider;
import org.communal.upgrade.ScratchDatabase;
import org.communal.upgrade.UpgradeException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The databases of one run of the checks: a base installed up to the starting version and seeded
 * once, and copies of it ({@code CREATE DATABASE ... TEMPLATE}), so that every copy starts from
 * byte-identical rows (the same {@code now()} defaults, the same sequence positions). {@link
 * #close()} drops them all.
 */
final class Workspace implements AutoCloseable {
  private final PostgresProvider provider;
  private final int major;
  private final Settings settings;
  private final List<ScratchDatabase> created = new ArrayList<>();
  private ScratchDatabase base;
  private List<MigrationInfo> pending = List.of();
  private String start = "";

  private Workspace(PostgresProvider provider, int major, Settings settings) {
    this.provider = provider;
    this.major = major;
    this.settings = settings;
  }

  /**
   * Creates the base, installs it up to {@code after} (the first migration when empty) and runs
   * the seed on it.
   */
  static Workspace prepare(PostgresProvider provider, int major, Settings settings,
      Optional<String> after, Optional<String> seed) throws SQLException {
    Workspace ws = new Workspace(provider, major, settings);
    try {
      ws.base = ws.keep(provider.create(major, "faults_base"));
      ws.install(after, seed);
      return ws;
    } catch (SQLException | RuntimeException e) {
      ws.close();
      throw e;
    }
  }

  private void install(Optional<String> after, Optional<String> seed) throws SQLException {
    FlywaySettings flyway = settings.flyway();
    Endpoint db = settings.endpoint(base);
    DataSource source = settings.inProcess(db, Settings.application("install"));
    MigrationInfo[] all = flyway.configure(source).load().info().all();
    start = after.orElseGet(() -> Arrays.stream(all).filter(MigrationInfo::isVersioned)
        .findFirst().map(i -> i.getVersion().getVersion())
        .orElseThrow(() -> new UpgradeException("No versioned migrations at "
            + flyway.properties().get(FlywaySettings.LOCATIONS) + ".")));
    try {
      flyway.configure(source).target(start).load().migrate();
    } catch (FlywayException e) {
      throw new UpgradeException("Installing version " + start + " fails on PostgreSQL " + major
          + ": " + Failures.rootMessage(e) + ". Make a plain migrate pass first.", e);
    }
    if (seed.isPresent()) {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute(seed.get());
      } catch (SQLException e) {
        throw new UpgradeException("The seed failed on the schema at version " + start + ": "
            + e.getMessage() + ". Fix the seed SQL so that it fits that version.", e);
      }
    }
    pending = Arrays.stream(flyway.configure(source).load().info().all())
        .filter(i -> i.isVersioned() && i.getState() == MigrationState.PENDING).toList();
  }

  /** The version the base is at. */
  String start() {
    return start;
  }

  /** The versioned migrations after the start, in order. */
  List<MigrationInfo> pending() {
    return pending;
  }

  /** The server's PostgreSQL major version. */
  int major() {
    return major;
  }

  /** A new copy of the base. */
  Endpoint copy(String purpose) {
    return settings.endpoint(keep(provider.copy(base, "faults_" + purpose)));
  }

  private ScratchDatabase keep(ScratchDatabase database) {
    created.add(database);
    return database;
  }

  /** Drops every database it created (the provider ends sessions left in them first). */
  @Override
  public void close() {
    List<String> failed = new ArrayList<>();
    for (ScratchDatabase database : created) {
      try {
        provider.drop(database);
      } catch (UpgradeException e) {
        failed.add(e.getMessage());
      }
    }
    created.clear();
    if (!failed.isEmpty()) {
      throw new UpgradeException("Cannot drop the fault checks' databases: "
          + String.join("; ", failed));
    }
  }
}
