package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.communal.upgrade.ScratchDatabase;
import org.communal.upgrade.UpgradeException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a database is and how every session of a check talks to it, plain enough to hand to a
 * migrator in another JVM.
 *
 * @param url {@code jdbc:postgresql://host:port/database}
 * @param user the role
 * @param password the role's password; null when the server asks for none
 * @param options server settings for every session, as in libpq's {@code options}, such as
 *     {@code -c TimeZone=UTC}; empty for none
 */
record Endpoint(String url, String user, String password, String options) {
  /** The application name of the checks' own sessions. */
  private static final String OWN_SESSIONS = "communal-faults";

  Endpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(options, "options");
  }

  /** Where a scratch database is, with these session settings. */
  static Endpoint of(ScratchDatabase database, String options) {
    return new Endpoint(database.jdbcUrl(), database.user(), database.password(), options);
  }

  /**
   * A data source whose sessions carry an application name, by which the checks find them in
   * {@code pg_stat_activity}.
   *
   * @param moreOptions settings for these sessions on top of the endpoint's; empty for none
   */
  DataSource dataSource(String applicationName, String moreOptions) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    source.setUser(user);
    source.setPassword(password);
    source.setApplicationName(applicationName);
    String all = (options + " " + moreOptions).strip();
    if (!all.isEmpty()) {
      source.setOptions(all);
    }
    return source;
  }

  /** Opens a connection for the checks' own queries. */
  Connection connect() {
    try {
      return dataSource(OWN_SESSIONS, "").getConnection();
    } catch (SQLException e) {
      throw new UpgradeException("Cannot connect to " + url + " as " + user + ": "
          + e.getMessage(), e);
    }
  }
}
