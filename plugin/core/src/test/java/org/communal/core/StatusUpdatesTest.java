package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.communal.testing.MutableClock;
import org.communal.testing.TestPostgres;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusUpdatesTest {
  private final MutableClock clock = new MutableClock();
  private OutboxEvents events;
  private TestSql sql;
  private CommunalCore core;
  private StatusUpdates statuses;
  private User alice;
  private Viewer asAlice;
  private Viewer asBot;
  private Viewer asCarol;
  private Viewer asAdmin;

  @BeforeEach
  void freshDatabase() {
    DataSource db = TestPostgres.migratedDatabase().dataSource();
    sql = new TestSql(db);
    sql.update("CREATE TABLE test_outbox (id bigserial PRIMARY KEY, seq integer NOT NULL)");
    events = new OutboxEvents(sql);
    core = CommunalCore.wrap(db, CoreSettings.defaults().withClock(clock), events);
    statuses = core.statusUpdates();
    alice = user("alice", false);
    user("bob", false);
    asAlice = Viewer.of(alice, false);
    asBot = Viewer.of(user("jenkins-bot", false), false);
    asCarol = Viewer.of(user("carol", false), false);
    asAdmin = Viewer.of(user("root", true), true);
  }

  private User user(String name, boolean admin) {
    return core.users().create(new NewUser(name, name, Optional.empty(), admin,
        Optional.empty())).user();
  }

  private ReviewRequest draft(String summary) {
    return core.reviewRequests().create(alice, ReviewRequestDraft.builder().summary(summary)
        .build());
  }

  private ReviewRequest published(String summary) {
    ReviewRequest r = draft(summary);
    core.reviewRequests().saveDraft(asAlice, r.id(), d -> d.targetPeople(List.of("bob")));
    return core.reviewRequests().publish(asAlice, r.id());
  }

  private static NewStatusUpdate.Builder check(String summary) {
    return NewStatusUpdate.builder().serviceId("jenkins").summary(summary);
  }

  private StatusUpdate report(Viewer who, ReviewRequest r, NewStatusUpdate.Builder update) {
    return statuses.create(who, r.id(), update.build());
  }

  private StatusUpdate setState(Viewer who, StatusUpdate s, String state) {
    return statuses.update(who, s.reviewRequestId(), s.id(),
        StatusUpdateChanges.builder().state(state).build());
  }

  private List<String> committedActions() {
    return events.committed().stream().map(e -> (String) e.payload().get("action")).toList();
  }

  @Test
  void aCiBotReportsPendingThenSuccessWithOneEventPerChange() {
    ReviewRequest r = published("Fix the pager");

    StatusUpdate pending = report(asBot, r, check("Unit tests")
        .url("https://ci.example.org/job/app/7/").timeoutSeconds(600L));
    clock.advance(Duration.ofMinutes(3));
    StatusUpdate done = statuses.update(asBot, r.id(), pending.id(), StatusUpdateChanges.builder()
        .state("success").description("1,204 tests passed").build());

    assertThat(pending.state()).isEqualTo(StatusUpdateState.PENDING);
    assertThat(pending.reporter().map(User::username)).contains("jenkins-bot");
    assertThat(pending.timesOutAt()).contains(MutableClock.START.plusSeconds(600));
    assertThat(done.state()).isEqualTo(StatusUpdateState.SUCCESS);
    assertThat(done.description()).isEqualTo("1,204 tests passed");
    assertThat(done.url()).contains("https://ci.example.org/job/app/7/");
    assertThat(done.updatedAt()).isEqualTo(MutableClock.START.plus(Duration.ofMinutes(3)));
    assertThat(done.timesOutAt()).isEmpty();
    assertThat(committedActions()).containsExactly("created", "updated");
    Event last = events.committed().get(1);
    assertThat(last.type()).isEqualTo(Event.Type.STATUS_UPDATE_CHANGED);
    assertThat(last.reviewRequestId()).isEqualTo(r.id());
    @SuppressWarnings("unchecked")
    Map<String, Object> payload = (Map<String, Object>) last.payload().get("status_update");
    assertThat(payload).containsEntry("state", "success").containsEntry("id", pending.id())
        .containsEntry("reporter", "jenkins-bot").doesNotContainKey("email");
    assertThat(statuses.list(Viewer.anonymous(), r.id(), new PageRequest(0, 10)).items())
        .containsExactly(done);
  }

  @Test
  void statusUpdatesOfAnUnpublishedReviewRequestAreSeenOnlyByItsSubmitterAndAdmins() {
    ReviewRequest r = draft("Secret fix");
    StatusUpdate mine = report(asAlice, r, check("Local build"));

    for (Viewer outsider : List.of(asCarol, asBot, Viewer.anonymous())) {
      assertThatThrownBy(() -> statuses.list(outsider, r.id(), new PageRequest(0, 10)))
          .isInstanceOf(NoSuchReviewRequestException.class);
      assertThatThrownBy(() -> statuses.get(outsider, r.id(), mine.id()))
          .isInstanceOf(NoSuchReviewRequestException.class);
      assertThatThrownBy(() -> statuses.summary(outsider, r.id()))
          .isInstanceOf(NoSuchReviewRequestException.class);
    }
    assertThatThrownBy(() -> report(asBot, r, check("Unit tests")))
        .isInstanceOf(NoSuchReviewRequestException.class);
    assertThat(statuses.get(asAdmin, r.id(), mine.id())).isEqualTo(mine);
    assertThat(statuses.list(asAlice, r.id(), new PageRequest(0, 10)).total()).isOne();
    assertThat(events.committed()).as("a draft's changes must not reach listeners").isEmpty();
  }

  @Test
  void onlyTheReporterOrAnAdminMayChangeAStatusUpdate() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests"));

    assertThatThrownBy(() -> setState(asCarol, s, "success"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("jenkins-bot").hasMessageContaining(String.valueOf(s.id()));
    assertThatThrownBy(() -> setState(asAlice, s, "success"))
        .as("the submitter asks for retries, but may not forge results")
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(statuses.get(asCarol, r.id(), s.id()).state()).isEqualTo(StatusUpdateState.PENDING);
    assertThat(setState(asAdmin, s, "error").state()).isEqualTo(StatusUpdateState.ERROR);
    assertThat(committedActions()).containsExactly("created", "updated");
  }

  @Test
  void aStatusUpdateOfAnotherReviewRequestIsNotFound() {
    ReviewRequest r = published("Fix the pager");
    ReviewRequest other = published("Fix the printer");
    StatusUpdate s = report(asBot, r, check("Unit tests"));

    assertThatThrownBy(() -> statuses.get(asBot, other.id(), s.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Review request " + other.id() + " has no status update " + s.id() + ".");
    assertThatThrownBy(() -> statuses.requestRetry(asAdmin, other.id(), s.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aPendingStatusUpdateTimesOutWhenItsTimeoutPassesByTheCoreClock() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").timeoutSeconds(60L));

    clock.advance(Duration.ofSeconds(59));
    assertThat(statuses.get(asCarol, r.id(), s.id()).state()).isEqualTo(StatusUpdateState.PENDING);
    clock.advance(Duration.ofSeconds(30));
    StatusUpdate late = statuses.get(asCarol, r.id(), s.id());
    statuses.list(asCarol, r.id(), new PageRequest(0, 10));

    assertThat(late.state()).isEqualTo(StatusUpdateState.TIMED_OUT);
    assertThat(late.updatedAt()).as("dated when the timeout ran out, not when noticed")
        .isEqualTo(MutableClock.START.plusSeconds(60));
    assertThat(statuses.expireDue()).isZero();
    assertThat(committedActions()).containsExactly("created", "timed_out");
  }

  @Test
  void anUpdateWhilePendingRestartsTheTimeout() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").timeoutSeconds(60L));

    clock.advance(Duration.ofSeconds(50));
    statuses.update(asBot, r.id(), s.id(), StatusUpdateChanges.builder()
        .description("stage 2 of 3").build());
    clock.advance(Duration.ofSeconds(50));

    assertThat(statuses.get(asBot, r.id(), s.id()).state()).isEqualTo(StatusUpdateState.PENDING);
    clock.advance(Duration.ofSeconds(10));
    assertThat(statuses.get(asBot, r.id(), s.id()).state())
        .isEqualTo(StatusUpdateState.TIMED_OUT);
    assertThat(committedActions()).containsExactly("created", "updated", "timed_out");
  }

  @Test
  void theSweepTimesOutDueStatusUpdatesOfEveryReviewRequestOnce() {
    ReviewRequest first = published("Fix the pager");
    ReviewRequest second = published("Fix the printer");
    report(asBot, first, check("Unit tests").timeoutSeconds(60L));
    report(asBot, second, check("Lint").timeoutSeconds(120L));
    StatusUpdate untimed = report(asBot, second, check("Docs"));

    clock.advance(Duration.ofSeconds(60));
    assertThat(statuses.expireDue()).isOne();
    clock.advance(Duration.ofDays(30));
    assertThat(statuses.expireDue()).isOne();
    assertThat(statuses.expireDue()).isZero();

    assertThat(statuses.get(asBot, second.id(), untimed.id()).state())
        .isEqualTo(StatusUpdateState.PENDING);
    assertThat(committedActions())
        .containsExactly("created", "created", "created", "timed_out", "timed_out");
    assertThat(events.committed().subList(3, 5)).extracting(Event::reviewRequestId)
        .containsExactly(first.id(), second.id());
  }

  @Test
  void concurrentReadersOfADueStatusUpdateFlipItExactlyOnce() throws Exception {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").timeoutSeconds(60L));
    clock.advance(Duration.ofMinutes(5));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Callable<StatusUpdateState> read = () -> {
        start.await();
        return statuses.get(asCarol, r.id(), s.id()).state();
      };
      List<Future<StatusUpdateState>> reads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        reads.add(threads.submit(read));
      }
      start.countDown();
      for (Future<StatusUpdateState> f : reads) {
        assertThat(f.get()).isEqualTo(StatusUpdateState.TIMED_OUT);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(committedActions()).containsExactly("created", "timed_out");
  }

  @Test
  void onlyTheServiceSetsTimedOut() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests"));

    assertThatThrownBy(() -> report(asBot, r, check("Lint").state("timed-out")))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("timeout_seconds");
    assertThatThrownBy(() -> setState(asBot, s, "timed-out"))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("pending, success");
    assertThat(statuses.list(asBot, r.id(), new PageRequest(0, 10)).items())
        .extracting(StatusUpdate::state).containsExactly(StatusUpdateState.PENDING);
    assertThat(committedActions()).containsExactly("created");
  }

  @Test
  void anyStateMayFollowAnyOtherAtTheReportersHand() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").state("success"));

    for (String state : List.of("failure", "pending", "error", "success", "success")) {
      assertThat(setState(asBot, s, state).state().wireName()).isEqualTo(state);
    }
    assertThat(committedActions()).hasSize(6);
  }

  @Test
  void aRetryFollowsOnlyAFailureAnErrorOrATimeout() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").timeoutSeconds(60L));

    assertThatThrownBy(() -> statuses.requestRetry(asAlice, r.id(), s.id()))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("is pending");
    setState(asBot, s, "success");
    assertThatThrownBy(() -> statuses.requestRetry(asAlice, r.id(), s.id()))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("is success");
    setState(asBot, s, "failure");
    clock.advance(Duration.ofSeconds(5));
    StatusUpdate retried = statuses.requestRetry(asAlice, r.id(), s.id());

    assertThat(retried.state()).isEqualTo(StatusUpdateState.PENDING);
    assertThat(retried.retryCount()).isOne();
    assertThat(retried.retryRequestedAt()).contains(MutableClock.START.plusSeconds(5));
    assertThat(retried.timesOutAt()).contains(MutableClock.START.plusSeconds(65));
    clock.advance(Duration.ofSeconds(60));
    assertThat(statuses.requestRetry(asBot, r.id(), s.id()).retryCount()).isEqualTo(2);
    assertThat(committedActions()).containsExactly("created", "updated", "updated",
        "retry_requested", "timed_out", "retry_requested");
  }

  @Test
  void theSubmitterTheReporterAndAdminsMayRetryButNobodyElse() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").state("error"));

    assertThatThrownBy(() -> statuses.requestRetry(asCarol, r.id(), s.id()))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("alice (the submitter), jenkins-bot (who reported it)");
    assertThatThrownBy(() -> statuses.requestRetry(Viewer.anonymous(), r.id(), s.id()))
        .isInstanceOf(PermissionDeniedException.class);
    for (Viewer allowed : List.of(asAlice, asBot, asAdmin)) {
      setState(asBot, s, "failure");
      assertThat(statuses.requestRetry(allowed, r.id(), s.id()).state())
          .isEqualTo(StatusUpdateState.PENDING);
    }
    assertThat(statuses.get(asCarol, r.id(), s.id()).retryCount()).isEqualTo(3);
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    NewStatusUpdate.Builder bad = NewStatusUpdate.builder().serviceId("j".repeat(101))
        .summary("two\nlines").state("green").url("javascript:alert(1)").timeoutSeconds(0L)
        .revision(0L);

    assertThat(bad.problems()).extracting(FieldProblem::field)
        .containsExactly("service_id", "summary", "state", "url", "timeout_seconds", "revision");
    assertThatThrownBy(bad::build).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("was 101").hasMessageContaining("\"green\"")
        .hasMessageContaining("javascript:alert(1)");
    assertThat(NewStatusUpdate.builder().problems()).extracting(FieldProblem::field)
        .containsExactly("service_id", "summary");
    assertThat(StatusUpdateChanges.builder().url("ftp://ci.example.org/").summary(" ")
        .problems()).extracting(FieldProblem::field).containsExactly("summary", "url");
    assertThat(check("ok").url("HTTP://ci.example.org/7").build().url()).isPresent();
  }

  @Test
  void aDiffRevisionMustExistAndBeSeenByTheReporter() {
    ReviewRequest r = published("Fix the pager");
    sql.update("INSERT INTO diffsets (review_request_id, revision, is_published)"
        + " VALUES (?, 1, true), (?, 2, false)", r.id(), r.id());

    StatusUpdate onOne = report(asBot, r, check("Unit tests").revision(1L));
    StatusUpdate onDraft = report(asAlice, r, check("Local build").revision(2L));

    assertThat(onOne.revision()).contains(1);
    for (long revision : List.of(2L, 9L)) {
      assertThatThrownBy(() -> report(asBot, r, check("Lint").revision(revision)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("revision: review request " + r.id() + " has no diff revision " + revision
              + "; name a published one, or none for the review request as a whole");
    }
    assertThat(statuses.list(asBot, r.id(), new PageRequest(0, 10)).items())
        .containsExactly(onOne);
    assertThatThrownBy(() -> statuses.get(asBot, r.id(), onDraft.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(statuses.list(asAlice, r.id(), new PageRequest(0, 10)).total()).isEqualTo(2);
    assertThat(committedActions()).as("the draft revision's status stays unannounced")
        .containsExactly("created");
  }

  @Test
  void aChangeWhoseEventFailsIsRolledBackWithItsEvent() {
    ReviewRequest r = published("Fix the pager");
    StatusUpdate s = report(asBot, r, check("Unit tests").timeoutSeconds(60L));
    clock.advance(Duration.ofMinutes(2));
    events.failOnRecord(2);

    assertThatThrownBy(() -> setState(asBot, s, "success"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("listener failed");
    assertThat(sql.number("SELECT count(*) FROM status_updates WHERE state = 'pending'"))
        .as("neither the timeout nor the update happened").isOne();
    assertThat(events.recordedButRolledBack()).as("the timeout's and the update's").isEqualTo(2);
    assertThat(committedActions()).containsExactly("created");
    assertThat(setState(asBot, s, "success").state()).isEqualTo(StatusUpdateState.SUCCESS);
    assertThat(committedActions()).containsExactly("created", "timed_out", "updated");
  }

  @Test
  void theSummaryCountsEachStateAndNamesTheWorst() {
    ReviewRequest r = published("Fix the pager");
    assertThat(statuses.summary(asCarol, r.id()).overall())
        .isEqualTo(StatusUpdateSummary.Overall.NONE);
    StatusUpdate tests = report(asBot, r, check("Unit tests").state("success"));
    StatusUpdate lint = report(asBot, r, check("Lint").timeoutSeconds(60L));
    assertThat(statuses.summary(asCarol, r.id()).overall())
        .isEqualTo(StatusUpdateSummary.Overall.PENDING);
    clock.advance(Duration.ofMinutes(1));

    StatusUpdateSummary timedOut = statuses.summary(asCarol, r.id());
    assertThat(timedOut.overall()).isEqualTo(StatusUpdateSummary.Overall.FAILURE);
    assertThat(timedOut.counts()).containsEntry(StatusUpdateState.SUCCESS, 1)
        .containsEntry(StatusUpdateState.TIMED_OUT, 1).containsEntry(StatusUpdateState.PENDING, 0)
        .hasSize(5);
    setState(asBot, lint, "success");
    assertThat(statuses.summary(asCarol, r.id()).overall())
        .isEqualTo(StatusUpdateSummary.Overall.SUCCESS);
    setState(asBot, tests, "error");
    assertThat(statuses.summary(asCarol, r.id()).overall())
        .isEqualTo(StatusUpdateSummary.Overall.FAILURE);
  }

  @Test
  void listingPagesOldestFirst() {
    ReviewRequest r = published("Fix the pager");
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(report(asBot, r, check("Check " + i)).id());
    }

    Page<StatusUpdate> second = statuses.list(asCarol, r.id(), new PageRequest(1, 1));

    assertThat(second.total()).isEqualTo(3);
    assertThat(second.items()).extracting(StatusUpdate::id).containsExactly(ids.get(1));
    assertThat(second.hasNext()).isTrue();
  }

  /**
   * An outbox like the real one: each event is written in the change's transaction, so only the
   * events of committed changes remain. Can be told to fail once, after writing, like a broken
   * listener.
   */
  private static final class OutboxEvents implements Events {
    private final TestSql sql;
    private final List<Event> recorded = new ArrayList<>();
    private int failIn;

    OutboxEvents(TestSql sql) {
      this.sql = sql;
    }

    @Override
    public void record(Handle tx, Event event) {
      if (event.type() != Event.Type.STATUS_UPDATE_CHANGED) {
        return; // publishing the review requests these tests use records events too
      }
      int seq;
      boolean fail;
      synchronized (recorded) {
        recorded.add(event);
        seq = recorded.size() - 1;
        fail = failIn > 0 && --failIn == 0;
      }
      tx.execute("INSERT INTO test_outbox (seq) VALUES (?)", seq);
      if (fail) {
        throw new IllegalStateException("The test's listener failed, as told");
      }
    }

    /** Fails the n-th record from now (1 for the next one), after writing it. */
    void failOnRecord(int n) {
      synchronized (recorded) {
        failIn = n;
      }
    }

    /** The events whose changes committed, in the order they were written. */
    List<Event> committed() {
      synchronized (recorded) {
        return sql.rows("SELECT seq FROM test_outbox ORDER BY id").stream()
            .map(row -> recorded.get((Integer) row.get("seq"))).toList();
      }
    }

    long recordedButRolledBack() {
      synchronized (recorded) {
        return recorded.size() - sql.number("SELECT count(*) FROM test_outbox");
      }
    }
  }
}
