package org.communal.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A pool of PostgreSQL connections that this object owns: {@link #close()} closes it.
 *
 * <p>The pool is built on {@link PGSimpleDataSource}, not on {@code DriverManager}, so it works
 * inside class loaders that hide JDBC drivers (such as a Jenkins plugin's). Thread-safe.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens a pool.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
   * @param user the database user
   * @param password the password, or null for none
   * @param maxConnections the most connections the pool opens, 1 or more (10 suits most sites)
   */
  public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be 1 or more, was " + maxConnections);
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(jdbcUrl);
    pg.setUser(user);
    pg.setPassword(password);
    pg.setApplicationName("communal");
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg);
    config.setPoolName("communal");
    config.setMaximumPoolSize(maxConnections);
    config.setMinimumIdle(1);
    // Never fail to build the pool: a host whose PostgreSQL is down keeps running and answers
    // 503 until it returns (Jenkins must start even when our database does not).
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(10_000);
    return new Database(new HikariDataSource(config));
  }

  /** The pooled data source; valid until {@link #close()}. */
  public DataSource dataSource() {
    return pool;
  }

  /** Closes every connection. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return pool.isClosed();
  }
}
