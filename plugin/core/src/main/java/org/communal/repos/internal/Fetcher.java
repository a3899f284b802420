package org.communal.repos.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.communal.context.Context;
import org.communal.repos.MirrorStatus;
import org.communal.repos.RepositoryException;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * Fetches a repository into its mirror: every branch and tag, pruning what the repository no longer
 * has. A first fetch builds the mirror in a fresh directory and moves it into place only once it
 * succeeded. Each fetch runs in a child context of its owner; cancelling that context aborts the
 * fetch and closes its HTTP connections at once. Thread-safe; fetches of one mirror take turns.
 */
public final class Fetcher {
  private static final List<RefSpec> REF_SPECS = List.of(
      new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

  private final MirrorStore store;
  private final HttpClient http;
  private final Duration fetchTimeout;
  private final Duration ioTimeout;
  private final Clock clock;

  /**
   * How fetches run.
   *
   * @param fetchTimeout the deadline of each fetch, waiting for its turn included
   * @param ioTimeout how long a fetch waits for the host to connect, answer or send more
   * @param sslContext the TLS context for https hosts
   * @param clock the clock of the times in statuses
   */
  public record Settings(Duration fetchTimeout, Duration ioTimeout, SSLContext sslContext,
      Clock clock) {}

  public Fetcher(MirrorStore store, Settings settings) {
    this.store = store;
    this.fetchTimeout = settings.fetchTimeout();
    this.ioTimeout = settings.ioTimeout();
    this.clock = settings.clock();
    // HTTP/1.1, so that aborting an exchange closes its connection (HTTP/2 would only reset a
    // stream); no redirects, which JGit follows itself, by git's rules.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(ioTimeout)
        .sslContext(settings.sslContext()).build();
  }

  /** Fetches into the mirror of {@code repositoryId}; see {@code RepositoryMirrors.fetch}. */
  public MirrorStatus fetch(Context owner, long repositoryId, String cloneUrl) {
    Mirror mirror = store.mirror(repositoryId);
    CloneUrl url = CloneUrl.parse(cloneUrl);
    Context fetch = owner.withTimeout("fetch " + url.display(), fetchTimeout);
    try {
      if (!mirror.lock(fetch)) {
        throw Failures.whileWaiting(fetch.cancellation()).toException(url, null);
      }
      try {
        return fetchLocked(fetch, mirror, url);
      } finally {
        mirror.unlock();
      }
    } finally {
      fetch.close();
    }
  }

  private MirrorStatus fetchLocked(Context fetch, Mirror mirror, CloneUrl url) {
    store.requireOpen();
    MirrorStatus before = currentStatus(mirror);
    mirror.setStatus(before.fetching(url.display()));
    mirror.setRunning(fetch);
    Attempt attempt = new Attempt(fetch, url);
    try {
      MirrorStatus ok = attempt.run(mirror);
      mirror.setStatus(ok);
      return ok;
    } catch (RuntimeException | IOException | GitAPIException e) {
      Problem p = Failures.classify(e, fetch.cancellation(), attempt.httpStatus(), url, ioTimeout);
      mirror.setStatus(new MirrorStatus(mirror.id(), url.display(), MirrorStatus.State.FAILED,
          before.lastFetched(), before.headCommit(),
          new MirrorStatus.Failure(clock.instant(), p.code(), p.words())));
      throw p.toException(url, e);
    } finally {
      mirror.setRunning(null);
    }
  }

  private static MirrorStatus currentStatus(Mirror mirror) {
    try {
      return mirror.status();
    } catch (IOException e) {
      throw MirrorStore.storageFailed(mirror.id(), e);
    }
  }

  /** One fetch: its context, its URL, and for HTTP its connections. */
  private final class Attempt {
    private final Context context;
    private final CloneUrl url;
    private ContextHttpConnectionFactory connections;

    Attempt(Context context, CloneUrl url) {
      this.context = context;
      this.url = url;
    }

    int httpStatus() {
      return connections == null ? 0 : connections.discoveryStatus();
    }

    MirrorStatus run(Mirror mirror) throws IOException, GitAPIException {
      context.throwIfCancelled();
      if (url.kind() == CloneUrl.Kind.LOCAL) {
        requireLocalRepository(url.localPath());
      } else {
        Exchanges exchanges = context.own("http connections", new Exchanges()).get();
        context.onCancel(cause -> exchanges.abortAll());
        connections = new ContextHttpConnectionFactory(http, exchanges);
      }
      Repository repo = mirror.repository();
      if (repo == null) {
        repo = firstFetch(mirror);
      } else {
        fetchInto(repo);
      }
      Instant now = clock.instant();
      Mirror.record(repo, url.display(), now);
      return new MirrorStatus(mirror.id(), url.display(), MirrorStatus.State.OK, now,
          Mirror.headCommit(repo), null);
    }

    /** Builds the mirror aside and moves it into place whole: a failure leaves nothing. */
    private Repository firstFetch(Mirror mirror) throws IOException, GitAPIException {
      Path incoming = store.incoming(mirror.id());
      try {
        try (Repository fresh = FileRepositoryBuilder.create(incoming.toFile())) {
          fresh.create(true);
          configure(fresh.getConfig());
          fetchInto(fresh);
        }
        Files.move(incoming, mirror.dir(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | GitAPIException | RuntimeException e) {
        MirrorStore.deleteRecursively(incoming);
        throw e;
      }
      return mirror.repository();
    }

    private void fetchInto(Repository repo) throws IOException, GitAPIException {
      FetchCommand command = Git.wrap(repo).fetch().setRemote(url.location())
          .setRefSpecs(REF_SPECS).setRemoveDeletedRefs(true).setTagOpt(TagOpt.NO_TAGS)
          .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
          .setTimeout((int) Math.max(1, (ioTimeout.toMillis() + 999) / 1000))
          .setProgressMonitor(new ContextProgressMonitor(context));
      if (url.user() != null) {
        command.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider(url.user(), url.password()));
      }
      if (connections != null) {
        command.setTransportConfigCallback(t -> {
          if (t instanceof TransportHttp h) {
            h.setHttpConnectionFactory(connections);
          }
        });
      }
      FetchResult result = command.call();
      requireRefsUpdated(result);
      DefaultBranch.link(repo, result);
    }
  }

  /**
   * No reflogs (nobody reads them). JGit runs {@code gc --auto} after a fetch, by default on
   * another thread; here it runs within the fetch, under its lock, so that it never races a first
   * fetch's move into place, a removal or a close.
   */
  private static void configure(StoredConfig config) throws IOException {
    config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null,
        ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
    config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null,
        ConfigConstants.CONFIG_KEY_AUTODETACH, false);
    config.save();
  }

  private static void requireLocalRepository(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new Problem.Found(RepositoryException.NOT_FOUND, "not found: no such directory");
    }
    if (RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED) == null) {
      throw new Problem.Found(RepositoryException.NOT_A_REPOSITORY, "not a git repository");
    }
  }

  private static void requireRefsUpdated(FetchResult result) {
    for (TrackingRefUpdate u : result.getTrackingRefUpdates()) {
      switch (u.getResult()) {
        case LOCK_FAILURE, IO_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH,
            REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON ->
            throw new Problem.Found(RepositoryException.FETCH_FAILED, "could not update "
                + u.getLocalName() + " (" + u.getResult() + ")");
        default -> {
          // updated, or nothing to do
        }
      }
    }
  }
}
