package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.communal.upgrade.UpgradeException;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Where a database is: a PostgreSQL JDBC URL and the role to connect as, plain enough to hand to a
 * migrator in another JVM.
 *
 * @param url {@code jdbc:postgresql://host:port/database}, with or without parameters
 * @param user the role; null to let the driver decide
 * @param password the role's password; null when the server does not ask for one
 */
record Endpoint(String url, String user, String password) {
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

  Endpoint {
    Objects.requireNonNull(url, "url");
    if (!URL.matcher(url).matches()) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL with a database: " + url
          + "; expected jdbc:postgresql://host:port/database");
    }
  }

  /**
   * The endpoint of a data source of the PostgreSQL driver's own kind.
   *
   * @throws IllegalArgumentException for any other kind of data source, which cannot tell its URL
   */
  static Endpoint of(DataSource dataSource) {
    if (!(dataSource instanceof BaseDataSource source)) {
      throw new IllegalArgumentException("The fault checks need a data source of the PostgreSQL"
          + " driver (org.postgresql.ds.PGSimpleDataSource), so that a migrator in another JVM can"
          + " connect with the same URL and role; got " + dataSource.getClass().getName()
          + ". Pass the URL, user and password instead.");
    }
    return new Endpoint(source.getURL(), source.getUser(), source.getPassword());
  }

  /** The database's name, as the URL spells it. */
  String database() {
    return matcher().group(2);
  }

  /** The same server and role, another database. */
  Endpoint withDatabase(String name) {
    Matcher m = matcher();
    return new Endpoint(m.group(1) + name + (m.group(3) == null ? "" : m.group(3)), user,
        password);
  }

  /**
   * A data source for this endpoint whose sessions carry an application name, by which the checks
   * find them in {@code pg_stat_activity}.
   *
   * @param options server settings for each session, as in libpq's {@code options} ({@code -c
   *     lock_timeout=5000}); empty for none
   */
  DataSource dataSource(String applicationName, String options) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    source.setUser(user);
    source.setPassword(password);
    source.setApplicationName(applicationName);
    if (!options.isEmpty()) {
      source.setOptions(options);
    }
    return source;
  }

  /** Opens a connection for the checks' own queries. */
  Connection connect() {
    try {
      return dataSource("communal-faults", "").getConnection();
    } catch (SQLException e) {
      throw new UpgradeException("Cannot connect to " + url + " as " + user + ": "
          + e.getMessage(), e);
    }
  }

  private Matcher matcher() {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException(url);
    }
    return m;
  }
}
