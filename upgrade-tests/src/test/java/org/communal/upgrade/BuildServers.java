package org.communal.upgrade;

import java.nio.file.Path;

/**
 * The embedded PostgreSQL servers of this build, shared by every test class in the JVM (one
 * server per major, started on first use) and stopped when the JVM exits. Public for the tests of
 * the sub-packages.
 */
public final class BuildServers {
  private static EmbeddedServers servers;

  private BuildServers() {}

  public static synchronized EmbeddedServers get() {
    if (servers == null) {
      servers = EmbeddedServers.fromFolder(Path.of(System.getProperty(
          "communal.postgres.binaries", "target/postgres-binaries")));
      EmbeddedServers started = servers;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (UpgradeException e) {
          System.err.println("Stopping the test PostgreSQL servers failed: " + e.getMessage());
        }
      }, "stop-upgrade-test-servers"));
    }
    return servers;
  }
}
