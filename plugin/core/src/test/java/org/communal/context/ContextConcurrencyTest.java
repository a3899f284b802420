package org.communal.context;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The context tree under several threads: closes that wait for leases, zombies, races between
 * creation, moves and close, limits, and the garbage-collection backstop. Single-threaded
 * behaviour is tested elsewhere.
 */
class ContextConcurrencyTest {
  /** The bound of every wait; a test that needs it has already failed. */
  private static final long WAIT_SECONDS = 10;

  private final List<Context> roots = new CopyOnWriteArrayList<>();
  private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeWhatIsLeftAndCheckForLeaks() throws InterruptedException {
    ContextRegistry.setLeakDetection(LeakDetectionLevel.SIMPLE);
    gates.forEach(CountDownLatch::countDown); // frees any worker a failed test left waiting
    for (Thread t : threads) {
      t.join(SECONDS.toMillis(WAIT_SECONDS));
    }
    for (Context root : roots) {
      try {
        root.close(Duration.ofSeconds(1));
      } catch (ContextCloseException ignored) {
        // the test already failed; the leak check below says what stayed
      }
    }
    ContextRegistry.assertNoLeaks();
  }

  // ------------------------------------------------------------------ moves (T14, T12)

  @Test
  void moveToIsRefusedWhenTheMovedContextOrTheNewParentIsClosingOrClosed() throws Exception {
    Context a = root("a");
    Context x = a.child("x");
    Context b = root("b");
    assertThat(b.close()).isEqualTo(CloseResult.CLOSED);
    Context r = root("r");
    Context y = r.child("y");
    CountDownLatch inDestructor = new CountDownLatch(1);
    CountDownLatch finishDestructor = gate();
    y.onClose(c -> {
      inDestructor.countDown();
      finishDestructor.await(WAIT_SECONDS, SECONDS);
    });
    Worker<CloseResult> closingY = onThread("closes-y", y::close);
    await(inDestructor);
    assertThat(y.state()).isEqualTo(State.CLOSING);

    assertThatThrownBy(() -> x.moveTo(b)).isInstanceOf(ContextClosedException.class)
        .hasMessageContaining("/b is closed");
    assertThatThrownBy(() -> y.moveTo(a)).isInstanceOf(ContextClosedException.class)
        .hasMessageContaining("/r/y is closing");
    assertThatThrownBy(() -> x.moveTo(y)).isInstanceOf(ContextClosedException.class)
        .hasMessageContaining("/r/y is closing");

    assertThat(x.parent()).containsSame(a);
    assertThat(x.state()).isEqualTo(State.OPEN);
    assertThat(x.isCancelled()).isFalse();
    assertThat(a.children()).containsExactly(x);
    assertThat(a.totalBlocks()).isEqualTo(2);
    assertThat(b.children()).isEmpty();
    assertThat(y.parent()).containsSame(r);
    assertThat(y.children()).isEmpty();
    assertThat(r.children()).containsExactly(y);

    finishDestructor.countDown();
    assertThat(closingY.get()).isEqualTo(CloseResult.CLOSED);
    assertThat(y.state()).isEqualTo(State.CLOSED);
    assertThat(r.children()).isEmpty();
    assertThat(x.parent()).containsSame(a);
  }

  @RepeatedTest(50)
  void aSubtreeMovesToAnotherTreeWhileItsOldTreeGrowsOnAnotherThread() throws Exception {
    Context sessionA = root("session-a");
    Context sessionB = root("session-b");
    Context req = sessionA.child("req");
    AtomicInteger artifactDestroyed = new AtomicInteger();
    Context artifact = req.own("artifact", "bytes", r -> artifactDestroyed.incrementAndGet())
        .context();
    CyclicBarrier start = new CyclicBarrier(2);
    Worker<Void> mover = onThread("mover", () -> {
      start.await(WAIT_SECONDS, SECONDS);
      artifact.moveTo(sessionB);
      return null;
    });

    start.await(WAIT_SECONDS, SECONDS);
    for (int i = 0; i < 1000; i++) {
      (i % 2 == 0 ? sessionA : req).child("child-" + i); // req is the artifact's old parent
    }
    mover.get();

    assertThat(artifact.state()).isEqualTo(State.OPEN);
    assertThat(artifact.parent()).containsSame(sessionB);
    assertThat(artifact.path()).isEqualTo("/session-b/artifact");
    assertThat(sessionB.children()).containsExactly(artifact);
    assertThat(req.children()).hasSize(500).doesNotContain(artifact);
    assertThat(sessionA.totalBlocks()).isEqualTo(1 + 1 + 1000);
    assertThat(sessionB.totalBlocks()).isEqualTo(2);

    assertThat(sessionA.close()).isEqualTo(CloseResult.CLOSED);
    assertThat(artifactDestroyed).hasValue(0);
    assertThat(artifact.state()).isEqualTo(State.OPEN);
    assertThat(sessionB.close()).isEqualTo(CloseResult.CLOSED);
    assertThat(artifactDestroyed).hasValue(1);
    assertThat(artifact.state()).isEqualTo(State.CLOSED);
  }

  // ------------------------------------------------------------------ limits (T15)

  @Test
  void blockLimitsRefuseOneContextTooManyAndASubtreeTooLargeToMoveIn() {
    Context session = root("session");
    session.setLimits(Limits.blocks(5));
    Context req = session.child("req");
    req.setLimits(Limits.blocks(2)); // req itself and one child
    Context first = req.child("first");
    assertThatThrownBy(() -> req.child("second")).isInstanceOf(LimitExceededException.class);
    assertThat(req.children()).containsExactly(first);
    assertThat(session.totalBlocks()).isEqualTo(3);

    Context other = root("other");
    for (int i = 0; i < 4; i++) {
      other.child("o" + i);
    }
    assertThatThrownBy(() -> other.moveTo(session)).isInstanceOf(LimitExceededException.class);
    assertThatThrownBy(() -> other.moveTo(req)).isInstanceOf(LimitExceededException.class);
    assertThat(other.parent()).isEmpty();
    assertThat(other.totalBlocks()).isEqualTo(5);
    assertThat(ContextRegistry.liveRoots()).contains(other);
    assertThat(session.children()).containsExactly(req);
    assertThat(session.totalBlocks()).isEqualTo(3);

    Context small = root("small");
    small.child("s0");
    small.moveTo(session); // exactly fills the session: 3 + 2 = 5
    assertThat(session.totalBlocks()).isEqualTo(5);
    assertThat(ContextRegistry.liveRoots()).doesNotContain(small);
    assertThatThrownBy(() -> session.child("sixth")).isInstanceOf(LimitExceededException.class);

    small.close();
    req.closeChildren();
    assertThat(first.state()).isEqualTo(State.CLOSED);
    Context again = req.child("again");
    assertThat(again.parent()).containsSame(req);
    assertThatThrownBy(() -> req.child("again-too-many"))
        .isInstanceOf(LimitExceededException.class);
    assertThat(session.totalBlocks()).isEqualTo(3);
  }

  @Test
  void aResourceOverTheWeightLimitIsDestroyedAndTheLimitThrown() {
    Context cache = root("cache");
    cache.setLimits(Limits.weight(100));
    AtomicInteger keptDestroyed = new AtomicInteger();
    AtomicInteger refusedDestroyed = new AtomicInteger();
    Owned<String> kept = cache.own("diff-a", "a", 60, r -> keptDestroyed.incrementAndGet());

    assertThatThrownBy(() -> cache.own("diff-b", "b", 50, r -> refusedDestroyed.incrementAndGet()))
        .isInstanceOf(LimitExceededException.class);
    assertThat(refusedDestroyed).hasValue(1);
    assertThat(keptDestroyed).hasValue(0);
    assertThat(cache.totalWeight()).isEqualTo(60);
    assertThat(cache.children()).containsExactly(kept.context());

    cache.own("diff-c", "c", 40, r -> { }); // exactly the limit
    assertThat(cache.totalWeight()).isEqualTo(100);
    kept.close();
    assertThat(keptDestroyed).hasValue(1);
    assertThat(cache.totalWeight()).isEqualTo(40);
    cache.own("diff-d", "d", 60, r -> { });
    assertThat(cache.totalWeight()).isEqualTo(100);
  }

  @RepeatedTest(5)
  void threadsRacingForTheLastBlocksOfALimitGetExactlyWhatFits() throws Exception {
    Context session = root("session");
    session.setLimits(Limits.blocks(50));
    int workers = 8;
    int attemptsEach = 20;
    CyclicBarrier start = new CyclicBarrier(workers);
    AtomicInteger created = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Worker<Void>> all = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      all.add(onThread("creator-" + w, () -> {
        start.await(WAIT_SECONDS, SECONDS);
        for (int i = 0; i < attemptsEach; i++) {
          try {
            session.child("c").child("grandchild"); // two blocks, not atomically
            created.incrementAndGet();
          } catch (LimitExceededException e) {
            refused.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Worker<Void> w : all) {
      w.get();
    }
    assertThat(created.get() + refused.get()).isEqualTo(workers * attemptsEach);
    assertThat(session.totalBlocks()).isEqualTo(50);
    assertThatThrownBy(() -> session.child("one-more")).isInstanceOf(LimitExceededException.class);
    session.closeChildren();
    assertThat(session.totalBlocks()).isEqualTo(1);
    session.child("fits-again");
  }

  // ------------------------------------------------------------------ leases (T20, T21)

  @Test
  void closeCancelsAChildInUseOnAnotherThreadAndWaitsForItsLease() throws Exception {
    Context session = root("session");
    Context conn = session.child("conn");
    int[] lastWrite = new int[1]; // deliberately plain: the lease's release must publish it
    AtomicInteger destructorRuns = new AtomicInteger();
    AtomicInteger seenByDestructor = new AtomicInteger(-1);
    AtomicInteger leasesSeenByDestructor = new AtomicInteger(-1);
    AtomicReference<Thread> destructorThread = new AtomicReference<>();
    conn.onClose(c -> {
      destructorRuns.incrementAndGet();
      seenByDestructor.set(lastWrite[0]);
      leasesSeenByDestructor.set(c.leaseCount());
      destructorThread.set(Thread.currentThread());
    });
    CountDownLatch leased = new CountDownLatch(1);
    CountDownLatch cancelHookRan = new CountDownLatch(1);
    CountDownLatch finishWork = gate();
    Worker<String> worker = onThread("conn-worker", () -> {
      try (Lease lease = conn.acquire()) {
        conn.onCancel(cause -> cancelHookRan.countDown());
        leased.countDown();
        await(cancelHookRan);
        ContextCancelledException stop = catchThrowableOfType(ContextCancelledException.class,
            conn::throwIfCancelled);
        await(finishWork);
        lastWrite[0] = 42;
        return stop == null ? "not cancelled" : stop.cancellation().reason();
      }
    });
    await(leased);

    Worker<CloseResult> closer = onThread("closer",
        () -> session.close(Duration.ofSeconds(5)));
    await(cancelHookRan);
    assertThat(conn.isCancelled()).isTrue();
    assertThat(session.state()).isEqualTo(State.CLOSING);
    assertThat(closer.isDone()).isFalse(); // the lease is still held
    assertThat(destructorRuns).hasValue(0);

    finishWork.countDown();
    assertThat(worker.get()).isEqualTo(CancellationCause.CLOSED);
    assertThat(closer.get()).isEqualTo(CloseResult.CLOSED);
    assertThat(destructorRuns).hasValue(1);
    assertThat(seenByDestructor).hasValue(42);
    assertThat(leasesSeenByDestructor).hasValue(0);
    assertThat(destructorThread.get()).isSameAs(closer.thread());
    assertThat(conn.state()).isEqualTo(State.CLOSED);
    assertThat(session.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aLeaseThatOutlivesTheCloseTimeoutLeavesAZombieThatItsHolderFinishes() throws Exception {
    Context session = root("session");
    AtomicInteger sessionDestroyed = new AtomicInteger();
    AtomicInteger siblingDestroyed = new AtomicInteger();
    AtomicInteger connDestroyed = new AtomicInteger();
    AtomicReference<Thread> connDestroyer = new AtomicReference<>();
    session.onClose(c -> sessionDestroyed.incrementAndGet());
    Context conn = session.child("conn");
    conn.onClose(c -> {
      connDestroyed.incrementAndGet();
      connDestroyer.set(Thread.currentThread());
    });
    session.own("sibling", "sibling", r -> siblingDestroyed.incrementAndGet());
    CountDownLatch leased = new CountDownLatch(1);
    CountDownLatch release = gate();
    Worker<Void> worker = onThread("stubborn-worker", () -> {
      Lease lease = conn.acquire(); // and it ignores cancellation
      leased.countDown();
      await(release);
      lease.close();
      return null;
    });
    await(leased);

    ContextCloseException e = catchThrowableOfType(ContextCloseException.class,
        () -> session.close(Duration.ofMillis(100)));

    assertThat(e).isNotNull();
    assertThat(e.failures()).isEmpty();
    assertThat(e.leaseTimeouts()).singleElement().satisfies(t -> {
      assertThat(t.path()).isEqualTo("/session/conn");
      assertThat(t.thread()).isEqualTo("stubborn-worker");
    });
    assertThat(e).hasMessageContaining("/session/conn held by thread stubborn-worker");
    assertThat(conn.state()).isEqualTo(State.ZOMBIE);
    assertThat(session.state()).isEqualTo(State.CLOSED);
    assertThat(siblingDestroyed).hasValue(1);
    assertThat(sessionDestroyed).hasValue(1);
    assertThat(connDestroyed).hasValue(0);
    assertThat(ContextRegistry.zombies()).containsExactly(conn);
    assertThat(ContextRegistry.reportFull()).contains("zombie /session/conn (1 lease(s) held)");
    assertThatThrownBy(ContextRegistry::assertNoLeaks).isInstanceOf(AssertionError.class)
        .hasMessageContaining("zombies: /session/conn");
    assertThatThrownBy(conn::acquire).isInstanceOf(ContextClosedException.class);

    release.countDown();
    worker.get();
    assertThat(connDestroyed).hasValue(1);
    assertThat(connDestroyer.get()).isSameAs(worker.thread());
    assertThat(conn.state()).isEqualTo(State.CLOSED);
    assertThat(ContextRegistry.zombies()).isEmpty();
    assertThat(sessionDestroyed).hasValue(1);
    assertThat(siblingDestroyed).hasValue(1);
  }

  // ------------------------------------------------------------------ racing closes (T22, T23)

  @RepeatedTest(50)
  void childrenCreatedWhileTheRequestClosesAreEitherClosedWithItOrRefused() throws Exception {
    int workers = 8;
    int attemptsEach = 1250; // 10 000 in all
    Context session = root("session");
    Context request = session.child("request");
    Attempt[][] attempts = new Attempt[workers][attemptsEach];
    CyclicBarrier start = new CyclicBarrier(workers + 1);
    CountDownLatch halfway = new CountDownLatch(workers * attemptsEach / 2);
    CountDownLatch closed = gate();
    List<Worker<Void>> creators = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Attempt[] mine = attempts[w];
      creators.add(onThread("creator-" + w, () -> {
        start.await(WAIT_SECONDS, SECONDS);
        for (int i = 0; i < attemptsEach; i++) {
          if (i == attemptsEach * 9 / 10) {
            await(closed); // the last tenth surely comes after the close
          }
          Attempt a = new Attempt(i % 2 == 1);
          mine[i] = a;
          try {
            a.context = a.owns
                ? request.own("resource-" + i, a, Attempt::destroy).context()
                : request.child("child-" + i);
          } catch (ContextClosedException refused) {
            a.refusal = refused;
          }
          halfway.countDown();
        }
        return null;
      }));
    }
    Worker<CloseResult> closer = onThread("closer", () -> {
      start.await(WAIT_SECONDS, SECONDS);
      await(halfway);
      try {
        return request.close();
      } finally {
        closed.countDown();
      }
    });
    assertThat(closer.get()).isEqualTo(CloseResult.CLOSED);
    for (Worker<Void> c : creators) {
      c.get();
    }

    int succeeded = 0;
    int refused = 0;
    List<Context> created = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      for (Attempt a : attempts[w]) {
        assertThat(a.context == null).as("succeeded xor refused").isEqualTo(a.refusal != null);
        if (a.context != null) {
          succeeded++;
          created.add(a.context);
          assertThat(a.context.state()).isEqualTo(State.CLOSED);
          assertThat(a.context.parent()).containsSame(request);
          if (a.owns) {
            assertThat(a.destroyed).as("destructor runs of %s", a.context).hasValue(1);
            assertThat(a.destroyer).as("destroyed by the close").isSameAs(closer.thread());
          }
        } else {
          refused++;
          if (a.owns) {
            assertThat(a.destroyed).as("destructor runs of a refused resource").hasValue(1);
            assertThat(a.destroyer).as("destroyed at once").isSameAs(creators.get(w).thread());
          }
        }
      }
    }
    assertThat(succeeded).isGreaterThanOrEqualTo(workers * attemptsEach / 2);
    assertThat(refused).isGreaterThanOrEqualTo(workers * attemptsEach / 10);
    created.add(request);
    assertNoOpenContextUnderAClosedOne(created);
    assertThat(request.state()).isEqualTo(State.CLOSED);
    assertThat(request.children()).isEmpty();
    assertThat(session.children()).isEmpty();
    assertThat(session.totalBlocks()).isEqualTo(1);
  }

  @RepeatedTest(3)
  void twoThreadsClosingOneSessionBothReturnOnlyAfterEveryDestructorRanOnce() throws Exception {
    int resources = 100;
    Context session = root("session");
    AtomicIntegerArray runs = new AtomicIntegerArray(resources);
    AtomicInteger destroyed = new AtomicInteger();
    for (int i = 0; i < resources; i++) {
      session.own("resource-" + i, i, r -> {
        runs.incrementAndGet(r);
        parkAtLeast(Duration.ofMillis(1));
        destroyed.incrementAndGet();
      });
    }
    record Outcome(CloseResult result, State stateAfter, int destroyedAfter) {}
    CyclicBarrier together = new CyclicBarrier(2);
    Callable<Outcome> closeIt = () -> {
      together.await(WAIT_SECONDS, SECONDS);
      CloseResult result = session.close();
      return new Outcome(result, session.state(), destroyed.get());
    };
    Worker<Outcome> one = onThread("closer-1", closeIt);
    Worker<Outcome> two = onThread("closer-2", closeIt);

    List<Outcome> outcomes = List.of(one.get(), two.get());
    assertThat(outcomes).extracting(Outcome::result)
        .containsExactlyInAnyOrder(CloseResult.CLOSED, CloseResult.ALREADY_CLOSING);
    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.stateAfter()).isEqualTo(State.CLOSED);
      assertThat(o.destroyedAfter()).isEqualTo(resources);
    });
    for (int i = 0; i < resources; i++) {
      assertThat(runs.get(i)).as("destructor runs of resource %d", i).isEqualTo(1);
    }
    assertThat(session.close()).isEqualTo(CloseResult.ALREADY_CLOSED);
  }

  // ------------------------------------------------------------------ leaks (T25)

  @Test
  void anUnclosedRootThatBecameUnreachableIsReportedButNotDestroyed() throws Exception {
    ContextRegistry.setLeakDetection(LeakDetectionLevel.PARANOID);
    String name = "leaked-" + System.nanoTime();
    AtomicReference<LeakReport> report = new AtomicReference<>();
    CountDownLatch reported = new CountDownLatch(1);
    AtomicInteger destroyed = new AtomicInteger();
    AutoCloseable registration = ContextRegistry.onLeak(r -> {
      if (r.path().equals(name)) {
        report.set(r);
        reported.countDown();
      }
    });
    try {
      leakRootWithOneResource(name, destroyed);
      for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
        System.gc();
        reported.await(100, MILLISECONDS);
      }
    } finally {
      registration.close();
      ContextRegistry.setLeakDetection(LeakDetectionLevel.SIMPLE);
    }

    assertThat(reported.getCount()).as("the leak was reported").isZero();
    assertThat(report.get().path()).isEqualTo(name);
    assertThat(report.get().blocks()).isEqualTo(2);
    assertThat(report.get().createdAt()).isNotNull();
    assertThat(Arrays.stream(report.get().createdAt().getStackTrace())
        .map(StackTraceElement::getClassName))
        .contains(ContextConcurrencyTest.class.getName());
    assertThat(destroyed).hasValue(0);
    assertThat(ContextRegistry.liveRoots()).extracting(Context::name).doesNotContain(name);
  }

  /** Creates a root that nothing references once this returns. */
  @Test
  void aParentClosedOnOneThreadWaitsForAChildAnotherThreadIsClosing() throws Exception {
    Context parent = root("parent");
    Context child = parent.child("child");
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch childDestructorStarted = gate();
    CountDownLatch releaseChild = gate();
    child.onClose(c -> {
      childDestructorStarted.countDown();
      await(releaseChild);
      order.add("child");
    });
    parent.onClose(c -> order.add("parent"));

    Worker<CloseResult> closingChild = onThread("closes-child", child::close);
    await(childDestructorStarted);
    Worker<CloseResult> closingParent = onThread("closes-parent", parent::close);
    parkAtLeast(Duration.ofMillis(50));
    boolean parentFinishedEarly = closingParent.isDone();
    releaseChild.countDown();

    assertThat(parentFinishedEarly).as("parent closed before its child finished").isFalse();
    assertThat(closingChild.get()).isEqualTo(CloseResult.CLOSED);
    assertThat(closingParent.get()).isEqualTo(CloseResult.CLOSED);
    assertThat(order).containsExactly("child", "parent");
  }

  private static void leakRootWithOneResource(String name, AtomicInteger destroyed) {
    Context leaked = Context.root(name);
    leaked.own("resource", "bytes", r -> destroyed.incrementAndGet());
    assertThat(ContextRegistry.liveRoots()).contains(leaked);
  }

  // ------------------------------------------------------------------ random operations

  @RepeatedTest(20)
  void randomOperationsFromSeveralThreadsKeepTheTreeConsistent(RepetitionInfo repetition)
      throws Exception {
    long seed = repetition.getCurrentRepetition();
    int threadCount = 2 + (int) (seed % 2);
    Context root = root("stress-" + seed);
    List<Context> known = new CopyOnWriteArrayList<>(List.of(root));
    List<Expected> destructors = new CopyOnWriteArrayList<>();
    CyclicBarrier start = new CyclicBarrier(threadCount);
    List<Worker<Void>> workers = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      Random random = new Random(seed * 1_000_003L + t);
      String prefix = "t" + t + "-";
      workers.add(onThread("stress-" + t, () -> {
        start.await(WAIT_SECONDS, SECONDS);
        for (int op = 0; op < 400; op++) {
          randomOperation(random, prefix + op, root, known, destructors);
        }
        return null;
      }));
    }
    for (Worker<Void> w : workers) {
      w.get();
    }

    long open = 0;
    for (Context c : known) {
      assertThat(c.state()).as("state of %s", c).isIn(State.OPEN, State.CLOSED);
      if (c.state() == State.OPEN) {
        open++;
        if (c != root) {
          assertThat(c.parent().orElseThrow().children()).as("children of %s's parent", c)
              .contains(c);
        }
      }
    }
    assertNoOpenContextUnderAClosedOne(known);
    assertThat(root.totalBlocks()).isEqualTo(open);
    for (Expected d : destructors) {
      if (d.owner.state() == State.OPEN) {
        assertThat(d.runs).as("destructor runs of open %s", d.owner).hasValue(0);
      } else {
        assertThat(d.runs).as("destructor runs of %s", d.owner).hasValue(d.expected);
      }
    }

    assertThat(root.close()).isEqualTo(CloseResult.CLOSED);
    assertThat(known).allSatisfy(c -> assertThat(c.state()).isEqualTo(State.CLOSED));
    for (Expected d : destructors) {
      assertThat(d.runs).as("destructor runs of %s", d.owner).hasValue(d.expected);
    }
  }

  private static void randomOperation(Random random, String name, Context root,
      List<Context> known, List<Expected> destructors) {
    Context target = pick(random, known);
    int dice = random.nextInt(100);
    try {
      if (dice < 30) {
        known.add(target.child(name));
      } else if (dice < 55) {
        Expected d = new Expected(1); // runs once whether owned or refused
        d.owner = target;
        destructors.add(d);
        Owned<Expected> owned = target.own(name, d, Expected::run);
        d.owner = owned.context();
        known.add(owned.context());
      } else if (dice < 65) {
        Expected d = new Expected(0);
        d.owner = target;
        destructors.add(d);
        target.onClose(c -> d.run());
        d.expected = 1;
      } else if (dice < 85) {
        Context to = pick(random, known);
        if (target != root) {
          try {
            target.moveTo(to);
          } catch (IllegalArgumentException underItself) {
            // the new parent was the target or one of its descendants
          }
        }
      } else if (dice < 90) {
        target.cancel(CancellationCause.of(name));
      } else if (target != root) {
        assertThat(target.close()).isNotEqualTo(CloseResult.DEFERRED);
      }
    } catch (ContextClosedException refused) {
      // the target, or the new parent, was closing or closed
    }
  }

  /** A known context, usually an open one: closed ones only test the refusals. */
  private static Context pick(Random random, List<Context> known) {
    Context c = known.get(random.nextInt(known.size()));
    for (int retry = 0; retry < 3 && c.state() != State.OPEN; retry++) {
      c = known.get(random.nextInt(known.size()));
    }
    return c;
  }

  // ------------------------------------------------------------------ helpers

  private Context root(String name) {
    Context root = Context.root(name);
    roots.add(root);
    return root;
  }

  /** A latch that the clean-up opens, so that a failed test leaves no thread waiting on it. */
  private CountDownLatch gate() {
    CountDownLatch gate = new CountDownLatch(1);
    gates.add(gate);
    return gate;
  }

  private <T> Worker<T> onThread(String name, Callable<T> body) {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return new Worker<>(thread, task);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, SECONDS)).as("latch opened in time").isTrue();
  }

  private static void parkAtLeast(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static void assertNoOpenContextUnderAClosedOne(Collection<Context> contexts) {
    for (Context c : contexts) {
      if (c.state() == State.OPEN) {
        for (Context up = c.parent().orElse(null); up != null; up = up.parent().orElse(null)) {
          assertThat(up.state()).as("state of %s, an ancestor of open %s", up, c)
              .isEqualTo(State.OPEN);
        }
      }
    }
  }

  /** A thread running one piece of a test, and its result. */
  private record Worker<T>(Thread thread, FutureTask<T> task) {
    T get() throws Exception {
      try {
        return task.get(WAIT_SECONDS, SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw (Error) e.getCause();
      }
    }

    boolean isDone() {
      return task.isDone();
    }
  }

  /** One attempt to create a child or hand over a resource while the parent may be closing. */
  private static final class Attempt {
    final boolean owns;
    final AtomicInteger destroyed = new AtomicInteger();
    volatile Thread destroyer;
    Context context;
    ContextClosedException refusal;

    Attempt(boolean owns) {
      this.owns = owns;
    }

    void destroy() {
      destroyer = Thread.currentThread();
      destroyed.incrementAndGet();
    }
  }

  /** A destructor and how many times it must have run once its owner closed. */
  private static final class Expected {
    final AtomicInteger runs = new AtomicInteger();
    volatile int expected;
    volatile Context owner;

    Expected(int expected) {
      this.expected = expected;
    }

    void run() {
      runs.incrementAndGet();
    }
  }
}
