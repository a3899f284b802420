package org.communal.repos;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.communal.context.Context;
import org.communal.repos.internal.Fetcher;
import org.communal.repos.internal.MirrorReader;
import org.communal.repos.internal.MirrorStore;

/**
 * Local bare mirrors of the repositories that review requests are made against, so that the
 * service can read files as they were at a base commit. One mirror per repository, in {@code
 * <directory>/<repositoryId>.git}, holding every branch and tag of the repository.
 *
 * <pre>{@code
 * RepositoryMirrors mirrors = RepositoryMirrors.configure()
 *     .directory(dataDir.resolve("mirrors")).fetchTimeout(Duration.ofMinutes(5)).build();
 * server.own("repository-mirrors", mirrors);            // closed with the server
 * MirrorStatus status = mirrors.fetch(request, 7, "https://git.example.org/app.git");
 * Optional<byte[]> old = mirrors.readFile(7, baseCommit, "src/Main.java");
 * }</pre>
 *
 * <p><b>Threads.</b> Thread-safe. Fetches of one repository take turns; fetches of different
 * repositories run in parallel; reads run at any time, also while a fetch writes to the mirror.
 *
 * <p><b>Ownership.</b> This object owns the open repositories and closes them in {@link #close()},
 * which cancels running fetches first; hand it to the context it should live as long as ({@code
 * root.own("repository-mirrors", mirrors)}). Each fetch is a child context of the context passed
 * to {@link #fetch}, closed when the fetch returns.
 *
 * <p><b>URLs.</b> {@code http://} and {@code https://} (smart or dumb HTTP, with optional {@code
 * user:password@} credentials), {@code file://} URLs and absolute local paths. SSH and {@code
 * git://} are refused ({@link RepositoryException#BAD_URL}). Credentials are never shown: not in
 * messages, statuses, context names, nor in the mirror's own files.
 */
public final class RepositoryMirrors implements AutoCloseable {
  private final MirrorStore store;
  private final Fetcher fetcher;
  private final long maxFileSize;

  private RepositoryMirrors(Builder b) {
    this.store = new MirrorStore(b.directory);
    this.fetcher = new Fetcher(store, new Fetcher.Settings(b.fetchTimeout, b.ioTimeout,
        b.sslContext, b.clock));
    this.maxFileSize = b.maxFileSize;
  }

  /** Starts a configuration; {@link Builder#directory} is required. */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Fetches every branch and tag of a repository into its mirror, creating the mirror on first
   * use, and deleting branches and tags the repository no longer has. A failed first fetch leaves
   * no mirror; a failed later fetch leaves the mirror as it was. Runs in a child context of {@code
   * owner} named {@code fetch <url>} with the fetch timeout as its deadline: cancelling {@code
   * owner} aborts the fetch and closes its connections within a second. Waits for a fetch of the
   * same repository that is running (that wait counts towards the timeout).
   *
   * @param owner the context the fetch is a sub-request of (a request's, say); not null
   * @param repositoryId the caller's id of the repository, 0 or more
   * @param cloneUrl where to fetch from (see the class comment); it may change between fetches
   * @return the mirror's new status, {@link MirrorStatus.State#OK}
   * @throws RepositoryException if the fetch failed; its code says why ({@code
   *     repository-unreachable}, {@code -not-found}, {@code -auth-required}, {@code
   *     -not-a-repository}, {@code -timeout}, {@code -cancelled}, {@code -bad-url}, {@code
   *     -fetch-failed}, {@code -storage-failed}), and {@link #status} records it (except a bad
   *     URL, or a fetch cancelled while waiting for its turn)
   * @throws org.communal.context.ContextClosedException if {@code owner} is closed
   */
  public MirrorStatus fetch(Context owner, long repositoryId, String cloneUrl) {
    Objects.requireNonNull(owner, "owner");
    return fetcher.fetch(owner, repositoryId, cloneUrl);
  }

  /**
   * Where a repository's mirror stands: {@link MirrorStatus.State#NEVER_FETCHED} if there is none.
   * After a restart, a mirror found on disk reports the last successful fetch it recorded.
   */
  public MirrorStatus status(long repositoryId) {
    return store.status(repositoryId);
  }

  /**
   * The full id of the commit a revision names: {@code HEAD}, a branch, a tag (an annotated tag
   * gives its commit), a full ref name, or a full or abbreviated commit id (4 hex digits or more).
   * A branch or tag wins over an abbreviated id with the same name, as in git.
   *
   * @return empty if nothing in the mirror matches, or it is not a commit
   * @throws RepositoryException {@code repository-not-mirrored} if there is no mirror; {@code
   *     bad-revision} if the revision is empty or an ambiguous abbreviated id
   */
  public Optional<String> resolve(long repositoryId, String revision) {
    return reader(repositoryId).resolve(revision);
  }

  /**
   * A file's contents at a commit.
   *
   * @param commitId a full commit id (40 hex digits); see {@link #resolve} for anything else
   * @param path the file's path from the repository's root, such as {@code src/Main.java}
   * @return empty if there is no file at that path in that commit (or it is a directory or a
   *     submodule); a symbolic link gives its target
   * @throws RepositoryException {@code unknown-commit} if the mirror lacks the commit; {@code
   *     bad-revision}, {@code bad-path}, {@code file-too-large}, {@code repository-not-mirrored}
   */
  public Optional<byte[]> readFile(long repositoryId, String commitId, String path) {
    return reader(repositoryId).readFile(commitId, path, maxFileSize);
  }

  /**
   * A file's contents at a commit, its path given as git's bytes: a path need not be valid
   * UTF-8 ({@code bad\377.txt}), and a string would turn it into another path.
   *
   * @see #readFile(long, String, String)
   */
  public Optional<byte[]> readFile(long repositoryId, String commitId, byte[] path) {
    return reader(repositoryId).readFile(commitId, path, maxFileSize);
  }

  /**
   * A file's mode at a commit as git writes it ({@code 100644}, {@code 100755}, {@code 120000}),
   * its path given as git's bytes; empty if there is no file there.
   *
   * @throws RepositoryException as {@link #readFile(long, String, String)}
   */
  public Optional<String> fileMode(long repositoryId, String commitId, byte[] path) {
    return reader(repositoryId).fileMode(commitId, path);
  }

  /**
   * Whether the mirror has a commit; false if there is no mirror.
   *
   * @param commitId a full commit id (40 hex digits)
   * @throws RepositoryException {@code bad-revision} if it is not one
   */
  public boolean hasCommit(long repositoryId, String commitId) {
    MirrorReader.requireFullId(commitId);
    if (!status(repositoryId).readable()) {
      return false;
    }
    return reader(repositoryId).hasCommit(commitId);
  }

  /**
   * Deletes a repository's mirror, cancelling a fetch of it that is running and waiting for it to
   * stop; its status goes back to never fetched.
   *
   * @return whether there was a mirror to delete
   */
  public boolean remove(long repositoryId) {
    return store.remove(repositoryId);
  }

  /**
   * Cancels running fetches, waits for them to stop, and closes every open repository; later calls
   * fail with {@link RepositoryException#CLOSED}. The mirrors stay on disk.
   */
  @Override
  public void close() {
    store.close();
  }

  private MirrorReader reader(long repositoryId) {
    return new MirrorReader(repositoryId, store.readable(repositoryId));
  }

  /** The configuration of {@link RepositoryMirrors}. Not thread-safe; build once. */
  public static final class Builder {
    private Path directory;
    private Duration fetchTimeout = Duration.ofMinutes(10);
    private Duration ioTimeout = Duration.ofSeconds(60);
    private long maxFileSize = 32L << 20;
    private Clock clock = Clock.systemUTC();
    private SSLContext sslContext;

    private Builder() {}

    /**
     * Where the mirrors live, one {@code <repositoryId>.git} directory each; created if missing.
     * Required. Leftovers of first fetches interrupted by a crash are deleted on {@link #build}.
     */
    public Builder directory(Path mirrorsDirectory) {
      this.directory = Objects.requireNonNull(mirrorsDirectory, "directory");
      return this;
    }

    /**
     * The longest a fetch may take, waiting for another fetch of the same repository included:
     * the deadline of the fetch's context. Default: 10 minutes. The owner's own deadline, if
     * earlier, applies too.
     */
    public Builder fetchTimeout(Duration timeout) {
      this.fetchTimeout = positive(timeout, "fetchTimeout");
      return this;
    }

    /**
     * How long a fetch waits for a host to connect, to answer, or to send more data, before it
     * fails with {@code repository-timeout}. Default: 60 seconds; JGit counts in whole seconds, so
     * it is rounded up to one at least.
     */
    public Builder ioTimeout(Duration timeout) {
      this.ioTimeout = positive(timeout, "ioTimeout");
      return this;
    }

    /** The largest file {@link #readFile} returns, in bytes. Default: 32 MiB. */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxFileSize must be 1 to " + (Integer.MAX_VALUE - 8)
            + " bytes, not " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /**
     * The TLS context for {@code https://} hosts: its trust managers decide which certificates
     * are trusted (a company's own CA, say). Certificates and host names are always verified.
     * Default: the JVM's default context (its {@code cacerts}, or {@code javax.net.ssl.trustStore}).
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      return this;
    }

    /** The clock of the times in statuses. Default: the system clock, in UTC. */
    public Builder clock(Clock statusClock) {
      this.clock = Objects.requireNonNull(statusClock, "clock");
      return this;
    }

    /**
     * The mirrors, ready to use.
     *
     * @throws IllegalStateException if no directory was given
     * @throws java.io.UncheckedIOException if the directory cannot be created or cleaned
     */
    public RepositoryMirrors build() {
      if (directory == null) {
        throw new IllegalStateException("Give the mirrors' directory: configure().directory(path)");
      }
      if (sslContext == null) {
        sslContext = defaultSslContext();
      }
      return new RepositoryMirrors(this);
    }

    private static SSLContext defaultSslContext() {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("This JVM has no default TLS context", e);
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + d);
      }
      return d;
    }
  }
}
