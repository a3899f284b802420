package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.communal.upgrade.UpgradeException;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The databases of one run of the checks, beside the empty database the caller gave: a base
 * installed up to the starting version and seeded once, and copies of the base made with {@code
 * CREATE DATABASE ... TEMPLATE}, so that every copy starts from byte-identical rows (the same
 * {@code now()} defaults, the same sequence positions). {@link #close()} drops them all.
 */
final class Workspace implements AutoCloseable {
  private static final int MAX_NAME = 63;

  private final Endpoint given;
  private final Endpoint maintenance;
  private final String prefix;
  private final List<String> created = new ArrayList<>();
  private Endpoint base;
  private List<MigrationInfo> pending = List.of();
  private String start = "";
  private int major;

  private Workspace(Endpoint given, Endpoint maintenance) {
    this.given = given;
    this.maintenance = maintenance;
    this.prefix = trim(given.database()) + "_" + Integer.toHexString(
        ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
  }

  /**
   * Creates the base from the given database, installs it up to {@code after} (the first
   * migration when empty) and runs the seed on it.
   *
   * @param maintenanceDatabase a database to connect to while creating and dropping others
   */
  static Workspace prepare(Endpoint given, String maintenanceDatabase, Settings settings,
      Optional<String> after, Optional<String> seed) throws SQLException {
    Workspace ws = new Workspace(given, given.withDatabase(maintenanceDatabase));
    try {
      ws.base = ws.create("base", given.database());
      ws.install(settings, after, seed);
      return ws;
    } catch (SQLException | RuntimeException e) {
      ws.close();
      throw e;
    }
  }

  private void install(Settings settings, Optional<String> after, Optional<String> seed)
      throws SQLException {
    FlywaySettings flyway = settings.flyway();
    DataSource source = settings.inProcess(base, "install");
    MigrationInfo[] all = flyway.configure(source).load().info().all();
    start = after.orElseGet(() -> Arrays.stream(all).filter(MigrationInfo::isVersioned)
        .findFirst().map(i -> i.getVersion().getVersion())
        .orElseThrow(() -> new UpgradeException("No versioned migrations at "
            + flyway.properties().get(FlywaySettings.LOCATIONS) + ".")));
    try {
      flyway.configure(source).target(start).load().migrate();
    } catch (FlywayException e) {
      throw new UpgradeException("Installing version " + start + " fails: "
          + Failures.rootMessage(e) + ". Make a plain migrate pass first.", e);
    }
    if (seed.isPresent()) {
      try (Connection c = base.connect(); Statement s = c.createStatement()) {
        s.execute(seed.get());
      } catch (SQLException e) {
        throw new UpgradeException("The seed failed on the schema at version " + start + ": "
            + e.getMessage() + ". Fix the seed SQL so that it fits that version.", e);
      }
    }
    pending = Arrays.stream(flyway.configure(source).load().info().all())
        .filter(i -> i.isVersioned() && i.getState() == MigrationState.PENDING).toList();
    try (Connection c = base.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      major = Integer.parseInt(rs.getString(1)) / 10000;
    }
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
  Endpoint copy(String purpose) throws SQLException {
    return create(purpose, base.database());
  }

  private Endpoint create(String purpose, String template) throws SQLException {
    String name = (prefix + "_" + purpose.replaceAll("[^a-z0-9_]", "_"));
    name = name.substring(0, Math.min(name.length(), MAX_NAME));
    try (Connection c = maintenance.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\"");
    } catch (SQLException e) {
      throw new UpgradeException("Cannot create database " + name + " from " + template + ": "
          + e.getMessage() + ". The role needs CREATEDB, and nobody may be connected to "
          + template + ".", e);
    }
    created.add(name);
    return given.withDatabase(name);
  }

  /** Drops every database it created, even with sessions still connected. */
  @Override
  public void close() throws SQLException {
    List<String> failed = new ArrayList<>();
    try (Connection c = maintenance.connect(); Statement s = c.createStatement()) {
      for (String name : created) {
        try {
          s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
          failed.add(name + " (" + e.getMessage() + ")");
        }
      }
    }
    created.clear();
    if (!failed.isEmpty()) {
      throw new UpgradeException("Cannot drop the check databases " + failed + ".");
    }
  }

  private static String trim(String name) {
    return name.substring(0, Math.min(name.length(), 30)).replaceAll("[^A-Za-z0-9_]", "_")
        .toLowerCase(java.util.Locale.ROOT);
  }
}
