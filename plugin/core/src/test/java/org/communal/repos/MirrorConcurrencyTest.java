package org.communal.repos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads while a fetch writes, fetches of one repository taking turns, fetches of different
 * repositories running together. A server holds a fetch at a gate, so that "while" is certain.
 */
class MirrorConcurrencyTest {
  private static final long ID = 5;
  private static final long OTHER_ID = 6;

  @TempDir
  Path tmp;
  private Git git;
  private Path work;
  private Path served;
  private RepoHttpServer server;
  private RepositoryMirrors mirrors;
  private Context root;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private String first;

  @BeforeEach
  void setUp() throws Exception {
    ContextRegistry.setClock(Clock.systemUTC());
    git = new Git(tmp);
    work = git.init("work");
    first = git.commit(work, "first", "a.txt", "one\n");
    served = tmp.resolve("served");
    git.bareClone(work, "served/app.git");
    server = new RepoHttpServer(served);
    mirrors = RepositoryMirrors.configure().directory(tmp.resolve("mirrors")).build();
    root = Context.root("test");
  }

  @AfterEach
  void tearDown() {
    server.close();
    threads.shutdownNow();
    mirrors.close();
    root.close();
  }

  private String smartUrl() {
    return server.url("smart/app.git");
  }

  private String pushNewCommit(String contents) {
    String id = git.commit(work, "more", "a.txt", contents);
    git.run(work, "push", "-q", served.resolve("app.git").toString(), "main");
    return id;
  }

  private <T> Future<T> inBackground(Callable<T> work) {
    return threads.submit(work);
  }

  @Test
  void readsWorkWhileAFetchIsWritingToTheMirror() throws Exception {
    mirrors.fetch(root, ID, smartUrl());
    String second = pushNewCommit("two\n");
    server.gate(path -> path.endsWith("/git-upload-pack")); // hold the pack transfer
    Future<MirrorStatus> fetch = inBackground(() -> mirrors.fetch(root, ID, smartUrl()));
    assertThat(server.awaitGateReached(10)).isTrue();

    assertThat(mirrors.status(ID).state()).isEqualTo(MirrorStatus.State.FETCHING);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      readers.add(inBackground(() -> readManyTimes(first, "one\n")));
    }
    for (Future<Integer> r : readers) {
      assertThat(r.get(10, SECONDS)).isEqualTo(50);
    }
    assertThat(mirrors.resolve(ID, "main")).contains(first);
    assertThat(fetch.isDone()).as("the fetch was still held").isFalse();

    server.openGate();
    assertThat(fetch.get(10, SECONDS).headCommit()).isEqualTo(second);
    assertThat(mirrors.resolve(ID, "main")).contains(second);
  }

  private int readManyTimes(String commit, String expected) {
    int reads = 0;
    for (int i = 0; i < 50; i++) {
      assertThat(new String(mirrors.readFile(ID, commit, "a.txt").orElseThrow(), UTF_8))
          .isEqualTo(expected);
      assertThat(mirrors.hasCommit(ID, commit)).isTrue();
      reads++;
    }
    return reads;
  }

  @Test
  void readsNeverFailWhileLocalFetchesBringNewCommits() throws Exception {
    mirrors.fetch(root, ID, work.toString());
    AtomicBoolean fetching = new AtomicBoolean(true);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(inBackground(() -> {
        int reads = 0;
        while (fetching.get()) {
          reads += readManyTimes(first, "one\n");
        }
        return reads;
      }));
    }
    for (int round = 0; round < 5; round++) {
      String id = git.commit(work, "round " + round, "a.txt", "round " + round + "\n");
      assertThat(mirrors.fetch(root, ID, work.toString()).headCommit()).isEqualTo(id);
    }
    fetching.set(false);
    for (Future<Integer> r : readers) {
      assertThat(r.get(10, SECONDS)).isPositive();
    }
  }

  @Test
  void fetchesOfOneRepositoryTakeTurns() throws Exception {
    server.gate(path -> path.endsWith("/info/refs"));
    Future<MirrorStatus> firstFetch = inBackground(() -> mirrors.fetch(root, ID, smartUrl()));
    assertThat(server.awaitGateReached(10)).isTrue();
    Context second = root.child("second request");
    Future<MirrorStatus> secondFetch = inBackground(() -> mirrors.fetch(second, ID, smartUrl()));
    awaitChild(second);

    // Were the fetches not serialized, the second would reach the server within this time.
    assertThat(secondFetch).failsWithin(java.time.Duration.ofMillis(300))
        .withThrowableOfType(java.util.concurrent.TimeoutException.class);
    assertThat(server.gateArrivals()).as("the second fetch waited for its turn").isEqualTo(1);

    second.cancel(CancellationCause.of("the second reviewer went away"));
    assertThat(failure(secondFetch)).isEqualTo(RepositoryException.CANCELLED);
    assertThat(second.children()).isEmpty();
    server.openGate();
    assertThat(firstFetch.get(10, SECONDS).state()).isEqualTo(MirrorStatus.State.OK);
    assertThat(server.mostInFlight()).isEqualTo(1);
  }

  @Test
  void fetchesOfDifferentRepositoriesRunInParallel() throws Exception {
    server.gate(path -> path.endsWith("/info/refs"));
    Future<MirrorStatus> held = inBackground(() -> mirrors.fetch(root, ID, smartUrl()));
    assertThat(server.awaitGateReached(10)).isTrue();

    MirrorStatus other = inBackground(() -> mirrors.fetch(root, OTHER_ID, work.toString()))
        .get(10, SECONDS);

    assertThat(other.state()).isEqualTo(MirrorStatus.State.OK);
    assertThat(held.isDone()).isFalse();
    server.openGate();
    assertThat(held.get(10, SECONDS).state()).isEqualTo(MirrorStatus.State.OK);
  }

  /** Waits (at most 5 s) until the context has a child: the fetch started in it. */
  private static void awaitChild(Context context) {
    long until = System.nanoTime() + 5_000_000_000L;
    while (context.children().isEmpty()) {
      assertThat(System.nanoTime()).as("a fetch started in " + context.name()).isLessThan(until);
      Thread.onSpinWait();
    }
  }

  private static String failure(Future<MirrorStatus> fetch) throws Exception {
    try {
      fetch.get(1, SECONDS);
    } catch (ExecutionException e) {
      return ((RepositoryException) e.getCause()).code();
    }
    throw new AssertionError("the fetch succeeded");
  }
}
