package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The migrator that the fault checks start in a JVM of its own, so that they can kill it for real:
 * it runs Flyway's {@code migrate} once and exits.
 *
 * <p>Arguments are {@code name=value} pairs: Flyway properties ({@code flyway.locations=...}, at
 * least that one), {@code faults.application=name} (the sessions' application name, by which the
 * checks find them on the server) and optionally {@code faults.barrier=key} (first wait for a
 * shared PostgreSQL advisory lock on that key, which the checks hold until every migrator waits).
 * The database comes from the environment: {@code COMMUNAL_FAULTS_URL}, {@code
 * COMMUNAL_FAULTS_USER}, {@code COMMUNAL_FAULTS_PASSWORD} (so that no password shows in a process
 * list) and {@code COMMUNAL_FAULTS_OPTIONS} (session settings such as {@code -c TimeZone=UTC}).
 *
 * <p>Exit status: 0 when migrate succeeded, 1 when it failed (the reason on standard error), 2 for
 * wrong arguments.
 */
final class Migrator {
  static final String URL = "COMMUNAL_FAULTS_URL";
  static final String USER = "COMMUNAL_FAULTS_USER";
  static final String PASSWORD = "COMMUNAL_FAULTS_PASSWORD";
  static final String OPTIONS = "COMMUNAL_FAULTS_OPTIONS";
  static final String APPLICATION = "faults.application";
  static final String BARRIER = "faults.barrier";
  static final int MIGRATED = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** Starts the line on standard error that holds PostgreSQL's or Flyway's reason for a failure. */
  static final String FAILED_PREFIX = "migrate failed: ";

  private Migrator() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) {
    Map<String, String> named = new TreeMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        System.err.println("expected name=value, got: " + arg);
        return USAGE;
      }
      named.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String application = named.remove(APPLICATION);
    String barrier = named.remove(BARRIER);
    if (application == null || env.get(URL) == null || env.get(USER) == null) {
      System.err.println("give " + APPLICATION + "=name, and the database in " + URL + " and "
          + USER);
      return USAGE;
    }
    try {
      FlywaySettings settings = new FlywaySettings(named);
      DataSource db = new Endpoint(env.get(URL), env.get(USER), env.get(PASSWORD),
          env.getOrDefault(OPTIONS, "")).dataSource(application, "");
      if (barrier != null) {
        passBarrier(db, Long.parseLong(barrier));
      }
      MigrateResult result = settings.configure(db).load().migrate();
      System.out.println("migrated " + result.migrationsExecuted);
      return MIGRATED;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return USAGE;
    } catch (FlywayException | SQLException e) {
      System.err.println(FAILED_PREFIX + Failures.rootMessage(e));
      return FAILED;
    }
  }

  /** Waits until the checks open the barrier, then lets go of it at once. */
  private static void passBarrier(DataSource db, long key) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock_shared(" + key + ")");
      s.execute("SELECT pg_advisory_unlock_shared(" + key + ")");
    }
  }
}
