package org.communal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that a server killed with SIGKILL leaves running on its data folder: nothing
 * stops it, and it holds the folder so that every later start would fail. The next start stops
 * it, but only once sure that it is this folder's PostgreSQL (never a program that reuses its
 * process number) and that no running server still uses it.
 */
final class LeftoverPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
  /** How long PostgreSQL may take to stop when asked, and then once killed. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** The embedded PostgreSQL library locks this file while a server runs PostgreSQL. */
  private static final String SERVER_LOCK = "epg-lock";

  private LeftoverPostgres() {}

  /**
   * Stops the PostgreSQL that a killed server left running on {@code pgData}, if any, and waits
   * until it and its children have exited. A {@code postmaster.pid} whose process number now
   * belongs to a program that is no PostgreSQL is removed, so that PostgreSQL does not mistake it
   * for itself; a running PostgreSQL whose data folder cannot be matched with this one is refused.
   *
   * @param pgData PostgreSQL's data folder, an absolute path
   * @throws ServerException if a running server uses the folder, or the process it names cannot be
   *     told apart from a PostgreSQL, or does not stop
   */
  static void stopIfAny(Path pgData) {
    Optional<PostmasterPid> pidFile = PostmasterPid.read(pgData);
    Optional<ProcessHandle> named = pidFile.flatMap(f -> ProcessHandle.of(f.pid()))
        .filter(ProcessHandle::isAlive);
    if (named.isEmpty()) {
      return;
    }
    if (usedByARunningServer(pgData)) {
      throw stillRunning(pgData, named.get().pid(), "another Communal uses this data folder");
    }
    if (isPostgresOf(named.get(), pgData)) {
      stop(named.get(), pgData);
    } else {
      removeStale(pgData, named.get());
    }
  }

  private static boolean usedByARunningServer(Path pgData) {
    try (FileChannel channel = FileChannel.open(pgData.resolve(SERVER_LOCK),
        StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException heldInThisProcess) {
      return true;
    } catch (NoSuchFileException neverStarted) {
      return false;
    } catch (IOException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Cannot tell whether a running"
          + " Communal uses " + pgData + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the process is a PostgreSQL of this folder. A process that is no PostgreSQL at all
   * reused the number of a stale file: false. A PostgreSQL whose data folder is, once links and
   * relative paths are resolved, this one: true. Any other PostgreSQL, or a process whose program
   * the system does not tell, could be this folder's own under another name, so removing its
   * lock file could let two PostgreSQL servers write the same data: refused.
   */
  private static boolean isPostgresOf(ProcessHandle process, Path pgData) {
    ProcessHandle.Info info = process.info();
    if (info.command().isEmpty() || info.arguments().isEmpty()) {
      throw stillRunning(pgData, process.pid(), "it may be a PostgreSQL left behind by a server"
          + " that was killed");
    }
    String program = Path.of(info.command().get()).getFileName().toString();
    if (!program.equals("postgres") && !program.equals("postgres.exe")) {
      return false;
    }
    Optional<Path> itsFolder = dataFolderOf(process.pid(), List.of(info.arguments().get()));
    if (itsFolder.isPresent() && itsFolder.get().equals(realPath(pgData))) {
      return true;
    }
    // That PostgreSQL may well be another site's: never advise killing it.
    throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "The lock file "
        + pgData.resolve(PostmasterPid.FILE) + " names process " + process.pid() + ", a"
        + " PostgreSQL on " + itsFolder.map(Path::toString).orElse("a data folder it does not name")
        + ", which cannot be told apart from this one, so the file is kept. If no PostgreSQL uses "
        + pgData + ", remove that file by hand; otherwise give another folder with --data-dir.",
        null);
  }

  /** The real path of the folder after {@code -D}, a relative one from the process's folder. */
  private static Optional<Path> dataFolderOf(long pid, List<String> arguments) {
    int option = arguments.indexOf("-D");
    if (option < 0 || option + 1 >= arguments.size()) {
      return Optional.empty();
    }
    Path given = Path.of(arguments.get(option + 1));
    try {
      Path absolute = given.isAbsolute() ? given
          : Path.of("/proc", String.valueOf(pid), "cwd").toRealPath().resolve(given);
      return Optional.of(absolute.toRealPath());
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  private static Path realPath(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      return folder;
    }
  }

  /**
   * Stops the postmaster with a fast shutdown, which ends the sessions of clients that outlived
   * the killed server (a smart one would wait for them): by pg_ctl, else by signals, and kills it
   * only if it has not stopped after a bounded wait.
   *
   * @throws ServerException if it does not stop even when killed
   */
  private static void stop(ProcessHandle postmaster, Path pgData) {
    LOG.warn("A PostgreSQL (process {}) was left running on {} by a server that was killed;"
        + " stopping it", postmaster.pid(), pgData);
    List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants())
        .toList();
    if (!pgCtlStop(pgData)) {
      // SIGTERM is a smart shutdown; the SIGINT after it turns it into a fast one.
      postmaster.destroy();
      signal("INT", postmaster.pid());
    }
    if (awaitExit(all)) {
      return;
    }
    LOG.warn("PostgreSQL (process {}) did not stop within {} s; killing it", postmaster.pid(),
        PATIENCE.toSeconds());
    postmaster.destroyForcibly();
    if (!awaitExit(all)) {
      throw stillRunning(pgData, postmaster.pid(), "it did not stop when asked, nor when killed");
    }
  }

  /** Runs {@code pg_ctl stop -m fast} from the server's programs; whether it says it stopped. */
  private static boolean pgCtlStop(Path pgData) {
    Optional<Path> pgCtl = pgCtl(pgData.resolveSibling(EmbeddedDatabase.PROGRAMS));
    if (pgCtl.isEmpty()) {
      return false;
    }
    return run(List.of(pgCtl.get().toString(), "stop", "-m", "fast", "-w", "-t",
        String.valueOf(PATIENCE.toSeconds()), "-D", pgData.toString()));
  }

  private static Optional<Path> pgCtl(Path programs) {
    try (Stream<Path> found = Files.find(programs, 3,
        (p, attributes) -> p.endsWith(Path.of("bin", "pg_ctl")) && Files.isExecutable(p))) {
      return found.findFirst();
    } catch (IOException | UncheckedIOException noPrograms) {
      return Optional.empty();
    }
  }

  private static void signal(String name, long pid) {
    run(List.of("kill", "-s", name, String.valueOf(pid)));
  }

  /** Runs a command to its end, bounded; whether it succeeded. Its output goes to the log. */
  private static boolean run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(PATIENCE.toSeconds() + 5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() != 0) {
        LOG.warn("{} failed ({}): {}", command, p.exitValue(), output.strip());
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("Cannot run {}: {}", command, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean awaitExit(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try {
      for (ProcessHandle p : processes) {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void removeStale(Path pgData, ProcessHandle other) {
    LOG.warn("{} names process {}, which is not a PostgreSQL: the file is left"
        + " from an earlier run, removing it", pgData.resolve(PostmasterPid.FILE), other.pid());
    try {
      Files.deleteIfExists(pgData.resolve(PostmasterPid.FILE));
    } catch (IOException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Cannot remove the outdated "
          + pgData.resolve(PostmasterPid.FILE) + ": " + e.getMessage() + ". Remove it by hand.",
          e);
    }
  }

  private static ServerException stillRunning(Path pgData, long pid, String why) {
    return new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "A PostgreSQL server (process "
        + pid + ") is still running on " + pgData + ": " + why + ". Stop it (kill " + pid
        + ") or give another folder with --data-dir.", null);
  }

  /**
   * What PostgreSQL's {@code postmaster.pid} says: the server's process number on its first line,
   * its data folder on the second.
   */
  record PostmasterPid(long pid, Path dataDir) {
    static final String FILE = "postmaster.pid";

    /** The file's content, or empty if there is no file or it says nothing usable. */
    static Optional<PostmasterPid> read(Path pgData) {
      try {
        List<String> lines = Files.readAllLines(pgData.resolve(FILE));
        if (lines.size() < 2) {
          return Optional.empty();
        }
        return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()),
            Path.of(lines.get(1).strip())));
      } catch (IOException | RuntimeException unusable) {
        return Optional.empty();
      }
    }
  }
}
