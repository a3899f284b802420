package org.communal.upgrade.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the fault checks start a migrator in a JVM of its own, which they can then kill for real.
 *
 * @param java the {@code java} launcher
 * @param classPath the class path; it must hold this module, Flyway with its PostgreSQL support,
 *     the PostgreSQL driver and, for {@code classpath:} locations, the migrations
 * @param options JVM options, such as {@code -Xmx256m}
 */
public record ChildJvm(Path java, String classPath, List<String> options) {
  public ChildJvm {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(classPath, "classPath");
    options = List.copyOf(options);
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException("not an executable java launcher: " + java);
    }
  }

  /**
   * This JVM's launcher and class path, with options that make a short-lived JVM start sooner
   * (C1 only, the serial collector, a small heap).
   */
  public static ChildJvm current() {
    return new ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"),
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto"));
  }
}
