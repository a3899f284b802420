package org.communal.upgrade;

import java.time.ZoneId;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database the harness made for one purpose and drops when done with it.
 *
 * @param name the database's name
 * @param major the PostgreSQL major version of its server
 * @param jdbcUrl its JDBC URL, with no time zone in it
 * @param user a role allowed to do anything in it (event triggers need a superuser)
 * @param password that role's password, or null
 */
public record ScratchDatabase(String name, int major, String jdbcUrl, String user,
    String password) {
  public ScratchDatabase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
  }

  /**
   * Connections whose session time zone is {@code zone}. The JDBC driver would otherwise send the
   * JVM's default zone, which changes what a migration does to {@code timestamp} data.
   */
  public DataSource dataSource(ZoneId zone) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    ds.setUser(user);
    ds.setPassword(password);
    ds.setOptions("-c TimeZone=" + postgresName(zone));
    ds.setApplicationName("upgrade-test");
    return ds;
  }

  /** The zone's name as PostgreSQL knows it: a region such as {@code Europe/Berlin}, or UTC. */
  static String postgresName(ZoneId zone) {
    if (zone instanceof java.time.ZoneOffset offset) {
      if (offset.getTotalSeconds() != 0) {
        throw new IllegalArgumentException("Give a region such as Europe/Berlin, not the offset "
            + offset + ": PostgreSQL reads offsets with the opposite sign.");
      }
      return "UTC";
    }
    return zone.getId();
  }
}
