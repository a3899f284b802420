package org.communal.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.communal.migrations.Migrations;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM (stopped when the JVM exits), and
 * a fresh database per caller, either empty or with Communal's schema migrated (cloned from a
 * migrated template, so each costs milliseconds, not a migration run).
 *
 * <p>Thread-safe.
 */
public final class TestPostgres {
  private static final String TEMPLATE = "communal_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static boolean templateReady;

  private TestPostgres() {}

  /** A new database holding Communal's schema at the newest version. */
  public static TestDatabase migratedDatabase() {
    synchronized (TestPostgres.class) {
      if (!templateReady) {
        execute("CREATE DATABASE " + TEMPLATE);
        Migrations.configure().dataSource(dataSource(TEMPLATE)).load().migrate();
        templateReady = true;
      }
    }
    return create(" TEMPLATE " + TEMPLATE);
  }

  /** A new, empty database. */
  public static TestDatabase emptyDatabase() {
    return create("");
  }

  private static TestDatabase create(String suffix) {
    String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("CREATE DATABASE " + name + suffix);
    return new TestDatabase(name, pooled(name), server().getJdbcUrl("postgres", name));
  }

  private static void execute(String sql) {
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Test database setup failed on \"" + sql + "\": " + e.getMessage(), e);
    }
  }

  /**
   * A small pool, as the services use in production: opening a PostgreSQL connection costs more
   * than most queries the tests make. Pools live until the JVM exits, with the server.
   */
  private static DataSource pooled(String database) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource(database));
    config.setPoolName("test-" + database);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  private static PGSimpleDataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {server().getPort()});
    ds.setDatabaseName(database);
    ds.setUser("postgres");
    return ds;
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // The builder registers a shutdown hook that stops the server when the JVM exits.
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
      }
    }
    return server;
  }

  /**
   * One test database.
   *
   * @param name the database name
   * @param dataSource a pooled data source for it
   * @param jdbcUrl its JDBC URL, user {@code postgres}
   */
  public record TestDatabase(String name, DataSource dataSource, String jdbcUrl) {}
}
