package org.communal.repos.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.communal.context.CancellationCause;
import org.communal.repos.MirrorStatus;
import org.communal.repos.RepositoryException;
import org.eclipse.jgit.lib.Repository;

/**
 * The mirrors under one directory: {@code <id>.git} for each repository, and {@code .incoming-*}
 * directories where first fetches build a mirror before it is moved into place. Thread-safe.
 */
public final class MirrorStore {
  private static final String INCOMING = ".incoming-";

  private final Path directory;
  private final ConcurrentMap<Long, Mirror> mirrors = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Opens the directory, creating it if needed, and deletes what interrupted first fetches left.
   *
   * @throws UncheckedIOException if the directory cannot be created or cleaned
   */
  public MirrorStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.directory);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.directory,
          INCOMING + "*")) {
        for (Path p : leftovers) {
          deleteRecursively(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use " + this.directory + " for repository mirrors", e);
    }
  }

  /** The mirror of a repository, whether or not it was ever fetched. */
  Mirror mirror(long repositoryId) {
    requireOpen();
    if (repositoryId < 0) {
      throw new IllegalArgumentException("Repository ids are 0 or more, not " + repositoryId);
    }
    return mirrors.computeIfAbsent(repositoryId,
        id -> new Mirror(id, directory.resolve(id + ".git")));
  }

  /** The mirror's open repository, for reading. */
  public Repository readable(long repositoryId) {
    Mirror m = mirror(repositoryId);
    Repository r;
    try {
      r = m.repository();
    } catch (IOException e) {
      throw storageFailed(repositoryId, e);
    }
    if (r == null) {
      throw new RepositoryException(RepositoryException.NOT_MIRRORED, "Repository "
          + repositoryId + " has no mirror yet: fetch it first.");
    }
    return r;
  }

  public MirrorStatus status(long repositoryId) {
    try {
      return mirror(repositoryId).status();
    } catch (IOException e) {
      throw storageFailed(repositoryId, e);
    }
  }

  /** A fresh, empty directory for a first fetch, next to the mirrors (so a move is a rename). */
  Path incoming(long repositoryId) throws IOException {
    return Files.createDirectory(
        directory.resolve(INCOMING + repositoryId + "-" + UUID.randomUUID()));
  }

  /**
   * Deletes a mirror, cancelling a fetch of it that is running.
   *
   * @return whether there was a mirror
   */
  public boolean remove(long repositoryId) {
    Mirror m = mirror(repositoryId);
    m.lockCancellingFetches(CancellationCause.of("the mirror is being removed"));
    try {
      m.closeRepository();
      boolean existed = Files.exists(m.dir());
      deleteRecursively(m.dir());
      m.setStatus(MirrorStatus.neverFetched(repositoryId));
      return existed;
    } catch (IOException e) {
      throw storageFailed(repositoryId, e);
    } finally {
      m.unlock();
    }
  }

  /** Cancels running fetches, waits for them to stop, and closes every repository. */
  public void close() {
    closed = true;
    CancellationCause cause = CancellationCause.of("the repository mirrors are closing");
    mirrors.values().forEach(m -> m.cancelRunning(cause));
    for (Mirror m : mirrors.values()) {
      m.lockCancellingFetches(cause);
      try {
        m.closeRepository();
      } finally {
        m.unlock();
      }
    }
  }

  void requireOpen() {
    if (closed) {
      throw new RepositoryException(RepositoryException.CLOSED, "The repository mirrors in "
          + directory + " were closed; use the service's current mirrors.");
    }
  }

  static RepositoryException storageFailed(long repositoryId, IOException e) {
    return new RepositoryException(RepositoryException.STORAGE_FAILED, "The mirror of repository "
        + repositoryId + " could not be used: " + e + ". Check the mirrors' directory (free space,"
        + " permissions).", e);
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // gone meanwhile
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
