package org.communal.upgrade;

import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server the harness did not start, reached through a JDBC URL (for example the
 * production major on a CI host). The harness creates its scratch databases there, named {@code
 * upgrade_test_<run>_...}, and drops them when closed. The role needs CREATEDB; the lock and
 * rewrite measurements that use event triggers need a superuser.
 */
public final class ExternalServer extends AdminProvider {
  private final String url;
  private final ServerAdmin admin;

  private ExternalServer(String url, ServerAdmin admin) {
    this.url = url;
    this.admin = admin;
  }

  /**
   * Connects to a server.
   *
   * @param jdbcUrl a database on it that exists, such as {@code jdbc:postgresql://db/postgres}
   * @throws UpgradeException if the server cannot be reached
   */
  public static ExternalServer connect(String jdbcUrl, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    ds.setUser(user);
    ds.setPassword(password);
    ds.setApplicationName("upgrade-test");
    return new ExternalServer(jdbcUrl, new ServerAdmin(ds, jdbcUrl, user, password));
  }

  @Override
  public Set<Integer> majors() {
    return Set.of(admin.major());
  }

  @Override
  ServerAdmin admin(int major) {
    if (major != admin.major()) {
      throw new UpgradeException("The server at " + url + " runs PostgreSQL " + admin.major()
          + ", not " + major + ". Ask for --pg " + admin.major() + ", or give another server.");
    }
    return admin;
  }

  @Override
  public String describe() {
    return url.replaceAll("password=[^&]*", "password=...");
  }

  /** Drops every scratch database this run left on the server. */
  @Override
  public void close() {
    admin.dropAll();
  }
}
