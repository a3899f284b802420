package org.communal.upgrade;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in containers of the official images ({@code postgres:<major>}), one per major,
 * started on first use and removed when closed. Needs a Docker engine: check {@link
 * #dockerAvailable()} first.
 */
public final class ContainerServers extends AdminProvider {
  private final Set<Integer> majors;
  private final Map<Integer, PostgreSQLContainer<?>> running = new TreeMap<>();
  private final Map<Integer, ServerAdmin> admins = new TreeMap<>();

  /** Containers for these majors; none is started until used. */
  public ContainerServers(Set<Integer> majors) {
    this.majors = Set.copyOf(majors);
  }

  /** Whether a Docker engine answers; without one this provider cannot run. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Set<Integer> majors() {
    return majors;
  }

  @Override
  public String describe() {
    return "containers postgres:" + majors;
  }

  @Override
  public synchronized void close() {
    running.values().forEach(PostgreSQLContainer::stop);
    running.clear();
    admins.clear();
  }

  @Override
  synchronized ServerAdmin admin(int major) {
    if (!majors.contains(major)) {
      throw new UpgradeException("PostgreSQL " + major + " was not asked for; asked: " + majors);
    }
    ServerAdmin admin = admins.get(major);
    if (admin == null) {
      if (!dockerAvailable()) {
        throw new UpgradeException("No Docker engine answers, so no container can start. Use the"
            + " embedded servers or an external one (--jdbc) instead.");
      }
      PostgreSQLContainer<?> c = new PostgreSQLContainer<>(DockerImageName.parse("postgres:"
          + major)).withCommand("postgres", "-c", "track_commit_timestamp=on");
      c.start();
      running.put(major, c);
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(c.getJdbcUrl());
      ds.setUser(c.getUsername());
      ds.setPassword(c.getPassword());
      admin = new ServerAdmin(ds, c.getJdbcUrl(), c.getUsername(), c.getPassword());
      admins.put(major, admin);
    }
    return admin;
  }
}
