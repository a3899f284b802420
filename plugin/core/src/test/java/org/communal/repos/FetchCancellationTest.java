package org.communal.repos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communal.repos.RepositoryMirrorsTest.entries;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.communal.testing.StallingServer;
import org.communal.testing.StallingServer.Stall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches from a deliberately slow host on loopback: cancelling the owner, a deadline, a stalled
 * host, removing the mirror or closing the mirrors each stop the fetch within a second, close its
 * connection, leave no context behind and no broken mirror.
 */
class FetchCancellationTest {
  private static final long ID = 11;
  private static final long SECOND_NANOS = 1_000_000_000L;

  @TempDir
  Path tmp;
  private Path mirrorsDir;
  private RepositoryMirrors mirrors;
  private Context owner;
  private StallingServer slow;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Git git;
  private Path good;
  private String commit;

  @BeforeEach
  void setUp() {
    ContextRegistry.setClock(Clock.systemUTC());
    git = new Git(tmp);
    good = git.init("good");
    commit = git.commit(good, "first", "a.txt", "one\n");
    mirrorsDir = tmp.resolve("mirrors");
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir).build();
    owner = Context.root("request");
  }

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    mirrors.close();
    owner.close();
    if (slow != null) {
      slow.close();
    }
  }

  private Future<MirrorStatus> fetchInBackground(Context context, String url) {
    return threads.submit(() -> mirrors.fetch(context, ID, url));
  }

  /** The code the fetch failed with, waiting at most {@code millis}. */
  private static String failure(Future<MirrorStatus> fetch, long millis) throws Exception {
    try {
      fetch.get(millis, MILLISECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(RepositoryException.class);
      return ((RepositoryException) e.getCause()).code();
    }
    throw new AssertionError("the fetch succeeded");
  }

  @ParameterizedTest
  @EnumSource(Stall.class)
  void cancellingTheOwnerStopsTheFetchAndClosesItsConnectionWithinASecond(Stall stall)
      throws Exception {
    slow = stalling(stall);
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());
    assertThat(slow.awaitRequest(10)).as("the host got the request").isTrue();

    long cancelledAt = System.nanoTime();
    owner.cancel(CancellationCause.of(CancellationCause.CLIENT_DISCONNECTED));

    assertThat(failure(fetch, 1000)).isEqualTo(RepositoryException.CANCELLED);
    assertThat(slow.awaitClientClosed(1000)).as("the host saw the connection closed").isTrue();
    assertThat(slow.clientClosedAt() - cancelledAt).isLessThan(SECOND_NANOS);
    assertThat(owner.children()).as("no fetch context left behind").isEmpty();
    assertThat(owner.totalBlocks()).isEqualTo(1);
    assertThat(mirrors.status(ID).failure().message())
        .isEqualTo("cancelled (client disconnected)");
    assertThat(entries(mirrorsDir)).as("no half-made mirror").isEmpty();
    assertTheMirrorStillWorks();
  }

  @Test
  void aCancelledLaterFetchLeavesTheMirrorAsItWas() throws Exception {
    Context firstRequest = owner.child("first request");
    MirrorStatus before = mirrors.fetch(firstRequest, ID, good.toString());
    firstRequest.close();
    slow = stalling(Stall.IN_THE_BODY);
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());
    assertThat(slow.awaitRequest(10)).isTrue();

    owner.cancel(CancellationCause.of("the reviewer went away"));

    assertThat(failure(fetch, 1000)).isEqualTo(RepositoryException.CANCELLED);
    assertThat(owner.children()).isEmpty();
    MirrorStatus after = mirrors.status(ID);
    assertThat(after.state()).isEqualTo(MirrorStatus.State.FAILED);
    assertThat(after.lastFetched()).isEqualTo(before.lastFetched());
    assertThat(after.headCommit()).isEqualTo(commit);
    assertThat(new String(mirrors.readFile(ID, commit, "a.txt").orElseThrow(), UTF_8))
        .isEqualTo("one\n");
  }

  @Test
  void aHostThatNeverAnswersTimesOutAtTheFetchTimeout() throws Exception {
    mirrors.close();
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir)
        .fetchTimeout(Duration.ofMillis(500)).build();
    slow = stalling(Stall.BEFORE_ANSWERING);

    long start = System.nanoTime();
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());

    assertThat(failure(fetch, 1500)).isEqualTo(RepositoryException.TIMEOUT);
    assertThat(System.nanoTime() - start).as("blocked no longer than the timeout and a margin")
        .isLessThan(1500 * 1_000_000L);
    assertThat(slow.awaitClientClosed(1000)).isTrue();
    MirrorStatus status = mirrors.status(ID);
    assertThat(status.state()).isEqualTo(MirrorStatus.State.FAILED);
    assertThat(status.failure().message()).startsWith("timed out");
    assertThat(owner.children()).isEmpty();
  }

  @Test
  void aHostThatStopsSendingTimesOutAtTheIoTimeout() throws Exception {
    mirrors.close();
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir)
        .ioTimeout(Duration.ofSeconds(1)).build();
    slow = stalling(Stall.IN_THE_BODY);

    long start = System.nanoTime();
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());

    assertThat(failure(fetch, 2500)).isEqualTo(RepositoryException.TIMEOUT);
    assertThat(System.nanoTime() - start).isLessThan(2500 * 1_000_000L);
    assertThat(slow.awaitClientClosed(1000)).isTrue();
    assertThat(mirrors.status(ID).failure().message()).isEqualTo("timed out: no answer for 1 s");
  }

  @Test
  void theOwnersDeadlineAppliesToo() throws Exception {
    Context request = owner.withTimeout("request with a deadline", Duration.ofMillis(300));
    slow = stalling(Stall.BEFORE_ANSWERING);

    Future<MirrorStatus> fetch = fetchInBackground(request, slow.url());

    assertThat(failure(fetch, 1300)).isEqualTo(RepositoryException.TIMEOUT);
    assertThat(request.children()).isEmpty();
  }

  @Test
  void removingTheMirrorCancelsItsFetch() throws Exception {
    slow = stalling(Stall.IN_THE_BODY);
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());
    assertThat(slow.awaitRequest(10)).isTrue();

    threads.submit(() -> mirrors.remove(ID)).get(1, SECONDS);

    assertThat(failure(fetch, 1000)).isEqualTo(RepositoryException.CANCELLED);
    assertThat(slow.awaitClientClosed(1000)).isTrue();
    assertThat(owner.children()).isEmpty();
  }

  @Test
  void closingTheMirrorsCancelsRunningFetches() throws Exception {
    slow = stalling(Stall.BEFORE_ANSWERING);
    Future<MirrorStatus> fetch = fetchInBackground(owner, slow.url());
    assertThat(slow.awaitRequest(10)).isTrue();

    threads.submit(mirrors::close).get(1, SECONDS);

    assertThat(failure(fetch, 1000)).isEqualTo(RepositoryException.CANCELLED);
    assertThat(slow.awaitClientClosed(1000)).isTrue();
    assertThat(owner.children()).isEmpty();
  }

  /** A later fetch from a good URL works: the cancelled one broke nothing. */
  private void assertTheMirrorStillWorks() {
    Context next = Context.root("next request");
    try {
      assertThat(mirrors.fetch(next, ID, good.toUri().toString()).state())
          .isEqualTo(MirrorStatus.State.OK);
      assertThat(new String(mirrors.readFile(ID, commit, "a.txt").orElseThrow(), UTF_8))
          .isEqualTo("one\n");
    } finally {
      next.close();
    }
  }

  /** A "git host" that stalls before answering, or inside its first pkt-line. */
  private static StallingServer stalling(Stall stall) throws java.io.IOException {
    return stall == Stall.BEFORE_ANSWERING ? StallingServer.beforeAnswering("/slow/app.git")
        : StallingServer.inTheBody("/slow/app.git", "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/x-git-upload-pack-advertisement\r\n"
            + "Content-Length: 100000\r\n\r\n"
            + "001e# service=git-"); // a pkt-line, cut short
  }
}
