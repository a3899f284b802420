package org.communal.context;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context tree's single-threaded semantics, as pinned down after talloc. */
class ContextTest {
  /** Every destructor appends its context's name here. */
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final List<Context> roots = new ArrayList<>();

  @AfterEach
  void noLeaks() {
    for (Context r : roots) {
      try {
        r.close();
      } catch (RuntimeException | AssertionError e) {
        // The test already asserted on its failures; only leaks matter here.
      }
    }
    ContextRegistry.setClock(Clock.systemUTC());
    ContextRegistry.setLeakDetection(LeakDetectionLevel.SIMPLE);
    ContextRegistry.assertNoLeaks();
  }

  private Context root(String name) {
    Context r = Context.root(name);
    roots.add(r);
    return r;
  }

  private Context recorded(Context parent, String name) {
    Context c = parent.child(name);
    record(c);
    return c;
  }

  private void record(Context c) {
    c.onClose(ctx -> log.add(ctx.name()));
  }

  @Test
  void closingASubtreeRunsEveryDestructorOnceAndDetachesIt() {
    Context svc = root("svc");
    Context session = recorded(svc, "session");
    Context request = recorded(session, "request");
    Context conn = recorded(request, "conn");
    Context tmpdir = recorded(request, "tmpdir");

    CloseResult result = session.close();

    assertThat(result).isEqualTo(CloseResult.CLOSED);
    assertThat(log).containsExactlyInAnyOrder("conn", "tmpdir", "request", "session");
    assertThat(List.of(session, request, conn, tmpdir)).allMatch(c -> c.state() == State.CLOSED);
    assertThat(svc.children()).isEmpty();
    assertThat(svc.totalBlocks()).isEqualTo(1);
  }

  @Test
  void childrenCloseNewestFirstEachSubtreeCompletelyBeforeTheParent() {
    Context root = Context.root("root");
    record(root);
    Context a = recorded(root, "a");
    Context a1 = recorded(a, "a1");
    recorded(a1, "a11");
    recorded(a, "a2");
    recorded(root, "b");

    root.close();

    // talloc gives [root b a a2 a1 a11]: we close children first on purpose, so that a
    // connection outlives its transaction's rollback.
    assertThat(log).containsExactly("b", "a2", "a11", "a1", "a", "root");
  }

  @Test
  void aSecondCloseSaysSoAndRunsNothing() {
    Context request = recorded(root("svc"), "request");
    request.close();

    assertThat(request.close()).isEqualTo(CloseResult.ALREADY_CLOSED);
    assertThat(log).containsExactly("request");
  }

  @Test
  void aClosedContextRefusesNewWorkAndDestroysAResourceOfferedToIt(@TempDir Path dir)
      throws IOException {
    Context request = root("svc").child("request");
    request.close();
    Path file = Files.createFile(dir.resolve("upload.tmp"));

    assertThatThrownBy(() -> request.child("x")).isInstanceOf(ContextClosedException.class);
    assertThatThrownBy(() -> request.own("f", file, Files::delete))
        .isInstanceOf(ContextClosedException.class);
    assertThatThrownBy(request::acquire).isInstanceOf(ContextClosedException.class);
    assertThat(file).doesNotExist();
  }

  @Test
  void aFailingDestructorNeverStopsTheCascadeAndEveryFailureIsReportedOnce() {
    Context parent = recorded(root("svc"), "parent");
    recorded(parent, "x");
    parent.child("y").onClose(c -> {
      throw new IOException("disk");
    });
    parent.child("z").onClose(c -> {
      throw new IllegalStateException("z broke");
    });

    ContextCloseException e = catchThrowableOfType(ContextCloseException.class, parent::close);

    assertThat(log).containsExactlyInAnyOrder("x", "parent");
    assertThat(parent.state()).isEqualTo(State.CLOSED);
    assertThat(e.failures()).extracting(ContextCloseException.Failure::path)
        .containsExactly("/svc/parent/z", "/svc/parent/y");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
    assertThat(e.getSuppressed()).hasSize(1);
    assertThat(e.getSuppressed()[0]).isInstanceOf(IOException.class);
  }

  @Test
  void anErrorInADestructorIsRethrownAfterTheCascade() {
    Context parent = recorded(root("svc"), "parent");
    recorded(parent, "y");
    parent.child("x").onClose(c -> {
      throw new AssertionError("x failed");
    });

    AssertionError e = catchThrowableOfType(AssertionError.class, parent::close);

    assertThat(e).hasMessage("x failed");
    assertThat(log).containsExactlyInAnyOrder("y", "parent");
    assertThat(e.getSuppressed()).hasSize(1);
    assertThat(e.getSuppressed()[0]).isInstanceOf(ContextCloseException.class);
  }

  @Test
  void aDestructorClosingAnAncestorThatIsClosingReturnsAlreadyClosing() {
    Context p = recorded(root("svc"), "P");
    AtomicReference<CloseResult> inner = new AtomicReference<>();
    Context c = p.child("C");
    c.onClose(ctx -> inner.set(p.close()));
    record(c);

    CloseResult outer = p.close();

    assertThat(inner.get()).isEqualTo(CloseResult.ALREADY_CLOSING);
    assertThat(outer).isEqualTo(CloseResult.CLOSED);
    assertThat(log).containsExactly("C", "P");
  }

  @Test
  void aDestructorClosingItsOwnContextReturnsAlreadyClosing() {
    Context c = root("svc").child("C");
    AtomicReference<CloseResult> inner = new AtomicReference<>();
    c.onClose(ctx -> inner.set(ctx.close()));
    record(c);

    assertThat(c.close()).isEqualTo(CloseResult.CLOSED);
    assertThat(inner.get()).isEqualTo(CloseResult.ALREADY_CLOSING);
    assertThat(log).containsExactly("C");
  }

  @Test
  void aDestructorClosingAnOpenAncestorDefersThatClose() {
    Context root = root("root");
    Context p = recorded(root, "P");
    Context c = p.child("C");
    recorded(p, "S");
    AtomicReference<CloseResult> inner = new AtomicReference<>();
    c.onClose(ctx -> inner.set(p.close()));
    record(c);

    c.close();

    assertThat(inner.get()).isEqualTo(CloseResult.DEFERRED);
    assertThat(p.state()).isEqualTo(State.CLOSED);
    assertThat(root.state()).isEqualTo(State.OPEN);
    assertThat(root.children()).isEmpty();
    assertThat(log).containsExactly("C", "S", "P");
  }

  @Test
  void hooksAndDestructorsOfADyingContextCannotStartNewWork() {
    Context request = root("svc").child("request");
    request.onCancel(cause -> request.child("late"));
    request.own("conn", "connection", conn -> request.own("more", "x", x -> log.add("more")));

    ContextCloseException e = catchThrowableOfType(ContextCloseException.class, request::close);

    assertThat(e.failures()).hasSize(2).allSatisfy(f ->
        assertThat(f.error()).isInstanceOf(ContextClosedException.class));
    assertThat(log).containsExactly("more"); // the refused resource was still destroyed
    assertThat(request.children()).isEmpty();
  }

  @Test
  void aChildMovedOutOfAClosingContextSurvives() {
    Context session = root("session");
    Context tmp = recorded(session, "tmp");
    Context result = recorded(tmp, "result");
    Context blob = recorded(result, "blob");

    result.moveTo(session);
    tmp.close();

    assertThat(result.parent()).contains(session);
    assertThat(List.of(result, blob)).allMatch(c -> c.state() == State.OPEN);
    assertThat(session.reportFull()).contains("\n    result ");
    assertThat(log).containsExactly("tmp");
  }

  @Test
  void aCancelHookCanRescueAChildWhileItsParentCloses() {
    Context session = root("session");
    Context tmp = recorded(session, "tmp");
    Context result = recorded(tmp, "result");
    tmp.onCancel(cause -> result.moveTo(session));

    tmp.close();

    assertThat(result.state()).isEqualTo(State.OPEN);
    assertThat(result.parent()).contains(session);
    assertThat(log).containsExactly("tmp");
  }

  @Test
  void cyclesAreRefusedAndNothingMoves() {
    Context a = root("a");
    Context b = a.child("b");
    Context c = b.child("c");

    assertThatThrownBy(() -> a.moveTo(c)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.moveTo(b)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.parent()).contains(a);
    assertThat(c.parent()).contains(b);
    assertThat(a.parent()).isEmpty();
  }

  @Test
  void aRootMovedUnderAnotherTreeStopsBeingARoot() {
    Context a = root("a");
    Context b = Context.root("b");
    recorded(b, "inside-b");

    b.moveTo(a);

    assertThat(ContextRegistry.liveRoots()).contains(a).doesNotContain(b);
    a.close();
    assertThat(log).containsExactly("inside-b");
  }

  @Test
  void buildingThatFailsClosesWhateverWasBuilt() {
    Context session = root("session");

    assertThatThrownBy(() -> Context.build(session, "review", ctx -> {
      ctx.own("conn", "c", c -> log.add("conn"));
      ctx.own("tx", "t", t -> log.add("tx(rollback)"));
      ctx.own("tmpDir", "d", d -> log.add("tmpDir"));
      throw new IllegalArgumentException("the diff does not parse");
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parse");

    assertThat(log).containsExactly("tmpDir", "tx(rollback)", "conn");
    assertThat(session.children()).isEmpty();
  }

  @Test
  void buildingThatSucceedsKeepsWhatWasBuiltUntilTheParentCloses() {
    Context session = root("session");

    Context review = Context.build(session, "review", ctx -> {
      ctx.own("conn", "c", c -> log.add("conn"));
      return ctx;
    });

    assertThat(log).isEmpty();
    assertThat(review.parent()).contains(session);
    session.close();
    assertThat(log).containsExactly("conn");
  }

  @Test
  void cancelReachesTheWholeSubtreeParentFirstButClosesNothing() {
    Context session = root("session");
    Context request = session.child("request");
    Context subA = request.child("subA");
    Context subB = request.child("subB");
    List<String> hooks = new ArrayList<>();
    request.onCancel(c -> hooks.add("request"));
    subA.onCancel(c -> hooks.add("subA: remote call cancelled"));
    CancellationCause cause = CancellationCause.of("user aborted");

    assertThat(request.cancel(cause)).isTrue();

    assertThat(List.of(request, subA, subB)).allSatisfy(c -> {
      assertThat(c.cancellation()).contains(cause);
      assertThat(c.state()).isEqualTo(State.OPEN);
    });
    assertThat(hooks).containsExactly("request", "subA: remote call cancelled");
    assertThat(session.isCancelled()).isFalse();
    assertThat(request.cancel(cause)).isFalse();
  }

  @Test
  void aChildOfACancelledContextIsBornCancelledAndItsHooksRunAtOnce() {
    Context request = root("svc").child("request");
    CancellationCause cause = CancellationCause.of("client disconnected");
    request.cancel(cause);
    List<CancellationCause> seen = new ArrayList<>();

    Context late = request.child("late");
    late.onCancel(seen::add);

    assertThat(late.cancellation()).contains(cause);
    assertThat(seen).containsExactly(cause);
  }

  @Test
  void aDeadlineCancelsWithATypedCauseAndLeavesTheParentAlone() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ContextRegistry.setClock(clock);
    Context request = root("svc").child("request");
    Context timed = request.withTimeout("fetch", Duration.ofMillis(50));
    List<String> hooks = new ArrayList<>();
    timed.own("remote", "call", r -> { }).context().onCancel(c -> hooks.add("remote cancelled"));

    clock.advance(Duration.ofMillis(51));
    ContextRegistry.checkDeadlines();

    assertThat(timed.cancellation()).hasValueSatisfying(c ->
        assertThat(c.isDeadlineExceeded()).isTrue());
    assertThat(hooks).containsExactly("remote cancelled");
    ContextCancelledException e = catchThrowableOfType(ContextCancelledException.class,
        timed::throwIfCancelled);
    assertThat(e.cancellation().isDeadlineExceeded()).isTrue();
    assertThat(request.isCancelled()).isFalse();
  }

  @Test
  void theReportShowsEveryContextWithWeightsAndCreationSitesAndLeaksAreNamed() {
    ContextRegistry.setLeakDetection(LeakDetectionLevel.ADVANCED);
    Context session = Context.root("session");
    Context request = session.child("request");
    request.own("conn", "c", 0, c -> { });
    request.own("buf", new byte[1024], 1024, b -> { });

    String report = session.reportFull();
    AssertionError leak = catchThrowableOfType(AssertionError.class,
        ContextRegistry::assertNoLeaks);
    session.close();

    assertThat(report.lines().toList()).hasSize(4);
    assertThat(report).startsWith("full report on 'session' (total   1024 weight in    4 blocks)");
    assertThat(report).containsPattern("\n    request +contains +1024 weight in +3 blocks.*"
        + "created at ContextTest.java:\\d+");
    assertThat(report.indexOf("buf")).isLessThan(report.indexOf("conn")); // newest first
    assertThat(report).containsPattern("\n        conn +contains +0 weight in +1 blocks");
    assertThat(leak).hasMessageContaining("session created at ContextTest.java:");
  }

  @Test
  void closingTheChildrenKeepsTheContextOpenWithItsDestructors() {
    Context request = recorded(root("svc"), "request");
    recorded(request, "a");
    recorded(request, "b");

    request.closeChildren();

    assertThat(log).containsExactly("b", "a");
    assertThat(request.state()).isEqualTo(State.OPEN);
    assertThat(request.child("again").state()).isEqualTo(State.OPEN);
    request.close();
    assertThat(log).containsExactly("b", "a", "request");
  }

  @Test
  void descendantsFindTheirNearestAttachmentEvenAfterAMove() {
    Context sessions = root("sessions");
    Context one = sessions.child("one");
    one.attach("session one");
    Context two = sessions.child("two");
    two.attach("session two");
    Context conn = one.child("request").child("conn");

    assertThat(conn.findAncestorAttachment(String.class)).contains("session one");
    conn.moveTo(two);
    assertThat(conn.findAncestorAttachment(String.class)).contains("session two");
    assertThat(conn.findAncestorAttachment(Integer.class)).isEmpty();
  }

  @Test
  void anOwnedResourceCanBeReleasedEarly() {
    Context request = root("svc").child("request");
    Owned<String> file = request.own("file", "f", f -> log.add("file"));

    file.close();

    assertThat(log).containsExactly("file");
    assertThat(request.children()).isEmpty();
    assertThat(file.get()).isEqualTo("f");
  }
}
