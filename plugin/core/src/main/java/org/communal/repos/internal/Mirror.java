package org.communal.repos.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.repos.MirrorStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One repository's bare mirror: its directory, its open JGit repository (shared by every reader,
 * which JGit allows), its status, and the lock that lets one fetch at a time write to it.
 * Thread-safe.
 */
final class Mirror {
  /** How often a fetch waiting for the lock checks whether it was cancelled meanwhile. */
  private static final long LOCK_POLL_MILLIS = 20;
  private static final String SECTION = "communal";

  private final long id;
  private final Path dir;
  private final ReentrantLock fetchLock = new ReentrantLock();
  private volatile Repository repository;
  private volatile MirrorStatus status;
  private volatile Context running;

  Mirror(long id, Path dir) {
    this.id = id;
    this.dir = dir;
  }

  public long id() {
    return id;
  }

  Path dir() {
    return dir;
  }

  /**
   * The open repository, opened on first use if the mirror exists on disk (say, after a restart);
   * null if there is no mirror.
   */
  public Repository repository() throws IOException {
    Repository r = repository;
    if (r == null) {
      synchronized (this) {
        r = repository;
        if (r == null && Files.isDirectory(dir)) {
          r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
          repository = r;
        }
      }
    }
    return r;
  }

  /** The status; for a mirror found on disk, read from what its last fetch recorded there. */
  public MirrorStatus status() throws IOException {
    MirrorStatus s = status;
    if (s == null) {
      Repository r = repository();
      s = r == null ? MirrorStatus.neverFetched(id) : recorded(r);
      synchronized (this) {
        if (status == null) {
          status = s;
        }
        s = status;
      }
    }
    return s;
  }

  void setStatus(MirrorStatus newStatus) {
    status = newStatus;
  }

  /** Remembers a successful fetch in the mirror itself, so that a restart knows it. */
  static void record(Repository r, String url, Instant at) throws IOException {
    StoredConfig c = r.getConfig();
    c.setString(SECTION, null, "url", url);
    c.setString(SECTION, null, "fetched", at.toString());
    c.save();
  }

  private MirrorStatus recorded(Repository r) throws IOException {
    String url = r.getConfig().getString(SECTION, null, "url");
    String fetched = r.getConfig().getString(SECTION, null, "fetched");
    return new MirrorStatus(id, url, MirrorStatus.State.OK, fetchedAt(fetched), headCommit(r),
        null);
  }

  /** When the last fetch recorded it succeeded; if it could not tell, when the mirror changed. */
  private Instant fetchedAt(String recorded) throws IOException {
    if (recorded != null) {
      try {
        return Instant.parse(recorded);
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    return Files.getLastModifiedTime(dir).toInstant();
  }

  /** The full id of the commit HEAD (the default branch) points at, or null. */
  static String headCommit(Repository r) throws IOException {
    ObjectId head = r.resolve(Constants.HEAD + "^{commit}");
    return head == null ? null : head.name();
  }

  /** Closes the repository; readers that still hold it see it fail. */
  synchronized void closeRepository() {
    Repository r = repository;
    repository = null;
    if (r != null) {
      r.close();
    }
  }

  /**
   * Takes the fetch lock, unless {@code context} is cancelled first.
   *
   * @return false if the context was cancelled (or the thread interrupted) while waiting
   */
  boolean lock(Context context) {
    try {
      while (!fetchLock.tryLock(LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (context.isCancelled()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Takes the fetch lock, cancelling whichever fetch holds it meanwhile. */
  void lockCancellingFetches(CancellationCause cause) {
    boolean interrupted = false;
    while (true) {
      cancelRunning(cause);
      try {
        if (fetchLock.tryLock(LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // finish: a half-removed mirror would be worse than a late interrupt
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  void unlock() {
    fetchLock.unlock();
  }

  /** Marks the fetch holding the lock, so that {@code remove} and {@code close} can cancel it. */
  void setRunning(Context fetch) {
    running = fetch;
  }

  void cancelRunning(CancellationCause cause) {
    Context r = running;
    if (r != null) {
      r.cancel(cause);
    }
  }
}
