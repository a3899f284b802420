package org.communal.upgrade.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.communal.upgrade.UpgradeException;

/**
 * One {@link Migrator} running in a JVM of its own: started, then killed or awaited, and always
 * cleaned up by {@link #close()} (killed if still running, its output file deleted). Not
 * thread-safe.
 */
final class MigratorProcess implements AutoCloseable {
  private final String application;
  private final Process process;
  private final Path output;

  private MigratorProcess(String application, Process process, Path output) {
    this.application = application;
    this.process = process;
    this.output = output;
  }

  /**
   * Starts a migrator.
   *
   * @param application the application name its sessions carry
   * @param barrier the advisory lock key to wait on before migrating, if any
   */
  static MigratorProcess start(ChildJvm jvm, Endpoint db, FlywaySettings flyway,
      String application, OptionalLong barrier) {
    List<String> command = new ArrayList<>();
    command.add(jvm.java().toString());
    command.addAll(jvm.options());
    command.add("-cp");
    command.add(jvm.classPath());
    command.add(Migrator.class.getName());
    flyway.properties().forEach((k, v) -> command.add(k + "=" + v));
    command.add(Migrator.APPLICATION + "=" + application);
    barrier.ifPresent(key -> command.add(Migrator.BARRIER + "=" + key));
    try {
      Path output = Files.createTempFile(application, ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      Map<String, String> env = builder.environment();
      env.put(Migrator.URL, db.url());
      env.put(Migrator.USER, db.user());
      env.put(Migrator.OPTIONS, db.options());
      if (db.password() == null) {
        env.remove(Migrator.PASSWORD);
      } else {
        env.put(Migrator.PASSWORD, db.password());
      }
      return new MigratorProcess(application, builder.start(), output);
    } catch (IOException e) {
      throw new UpgradeException("Cannot start a migrator JVM with " + jvm.java() + ": "
          + e.getMessage(), e);
    }
  }

  /** The application name its sessions carry. */
  String application() {
    return application;
  }

  /** Its exit status once it has ended; empty while it runs. */
  OptionalInt exitStatus() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /**
   * Kills it with SIGKILL, as an operator's {@code kill -9} or the OOM killer would, and waits
   * until it is gone. The sockets of its connections close with it; the server's backends do not.
   */
  void kill(Duration timeout) {
    process.destroyForcibly();
    if (awaitExit(timeout).isEmpty()) {
      throw new UpgradeException("The migrator " + application + " (pid " + process.pid()
          + ") did not die within " + timeout.toSeconds() + " s of SIGKILL.");
    }
  }

  /** Waits for it to end by itself; empty if it still runs after the timeout. */
  OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpgradeException("Interrupted while waiting for the migrator " + application, e);
    }
  }

  /** Everything it printed, standard output and error together. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(its output cannot be read: " + e.getMessage() + ")";
    }
  }

  /** Kills it if it still runs and deletes its output. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(30));
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw new UpgradeException("Cannot delete the migrator's output " + output, e);
    }
  }
}
