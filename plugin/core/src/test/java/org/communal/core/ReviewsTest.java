package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.communal.context.Context;
import org.communal.testing.TestPostgres;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewsTest {
  private static final String DIFF = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n"
      + "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";

  /** Remembers every event recorded, and in which transaction. */
  private static final class RecordingEvents implements Events {
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void record(Handle tx, Event event) {
      events.add(event);
    }
  }

  private final RecordingEvents events = new RecordingEvents();
  private final Context root = Context.root("reviews-test");
  private CommunalCore core;
  private Reviews reviews;
  private User alice;
  private User bob;
  private User carol;
  private Viewer asAlice;
  private Viewer asBob;
  private Viewer asCarol;
  private long rr;
  private long file;

  @BeforeEach
  void publishedReviewRequestWithADiff() {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource(),
        CoreSettings.defaults(), events);
    reviews = core.reviews(ApprovalRule.SHIP_IT_AND_NO_OPEN_ISSUE);
    alice = user("alice");
    bob = user("bob");
    carol = user("carol");
    asAlice = Viewer.of(alice, false);
    asBob = Viewer.of(bob, false);
    asCarol = Viewer.of(carol, false);
    rr = publishedWithDiff(alice);
    file = core.diffRevisions(null).files(asBob, rr, 1).get(0).id();
  }

  @AfterEach
  void closeContexts() {
    root.close();
  }

  private List<Event> reviewEvents() {
    return events.events.stream().filter(e -> e.type() == Event.Type.REVIEW_PUBLISHED
        || e.type() == Event.Type.REPLY_PUBLISHED).toList();
  }

  private User user(String name) {
    return core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
  }

  private long publishedWithDiff(User submitter) {
    Viewer v = Viewer.of(submitter, false);
    long id = core.reviewRequests().create(submitter, ReviewRequestDraft.builder()
        .summary("Shout two").targetPeople(List.of("bob")).build()).id();
    core.diffRevisions(null).upload(root, v, id, new DiffUpload(
        DIFF.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()));
    core.reviewRequests().publish(v, id);
    return id;
  }

  @Test
  void oneCallPublishesTextShipItAndCommentsWithOneEvent() {
    Review published = reviews.publish(asBob, rr, ReviewText.of("Looks fine", true), List.of(
        NewComment.onLines(file, 2, 1, "Why shout?", true),
        NewComment.general("Nice work", false)));

    assertThat(published.published()).isTrue();
    assertThat(published.comments()).extracting(Comment::text)
        .containsExactly("Why shout?", "Nice work");
    assertThat(published.comments().get(0).issue()).contains(IssueStatus.OPEN);
    assertThat(reviewEvents()).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(Event.Type.REVIEW_PUBLISHED))
        .satisfies(e -> assertThat(e.payload()).containsEntry("comments", 2));
    ReviewStanding standing = reviews.standing(asCarol, rr);
    assertThat(standing.shipIts()).isOne();
    assertThat(standing.openIssues()).isOne();
    assertThat(standing.approved()).isFalse();
  }

  @Test
  void resolvingTheLastIssueApprovesAReviewRequestWithAShipIt() {
    Review review = reviews.publish(asBob, rr, ReviewText.of("", true),
        List.of(NewComment.onLines(file, 2, 1, "Why shout?", true)));
    long issue = review.comments().get(0).id();

    assertThatThrownBy(() -> reviews.setIssueStatus(asCarol, rr, issue, IssueStatus.RESOLVED))
        .isInstanceOf(PermissionDeniedException.class);
    Comment resolved = reviews.setIssueStatus(asAlice, rr, issue, IssueStatus.RESOLVED);

    assertThat(resolved.issue()).contains(IssueStatus.RESOLVED);
    assertThat(reviews.standing(asCarol, rr).approved()).isTrue();
    reviews.revokeShipIt(asBob, rr, review.id());
    assertThat(reviews.standing(asCarol, rr).approved()).isFalse();
  }

  @Test
  void theSubmittersOwnShipItDoesNotApprove() {
    reviews.publish(asAlice, rr, ReviewText.of("Self-approval", true), List.of());

    assertThat(reviews.standing(asBob, rr).shipIts()).isZero();
    assertThat(reviews.standing(asBob, rr).approved()).isFalse();
  }

  @Test
  void withVerificationTheCommenterConfirmsAFix() {
    core.reviewRequests().requireVerification(asAlice, rr, true);
    Review review = reviews.publish(asBob, rr, ReviewText.of("", true),
        List.of(NewComment.onLines(file, 2, 1, "Why shout?", true)));
    long issue = review.comments().get(0).id();

    assertThat(reviews.setIssueStatus(asAlice, rr, issue, IssueStatus.RESOLVED).issue())
        .contains(IssueStatus.VERIFYING_RESOLVED);
    assertThat(reviews.standing(asCarol, rr).approved()).isFalse();
    assertThatThrownBy(() -> reviews.setIssueStatus(asAlice, rr, issue, IssueStatus.RESOLVED))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("verifying-resolved");
    assertThat(reviews.setIssueStatus(asBob, rr, issue, IssueStatus.RESOLVED).issue())
        .contains(IssueStatus.RESOLVED);
    assertThat(reviews.standing(asCarol, rr).approved()).isTrue();
  }

  @Test
  void aDraftReviewIsSeenByItsAuthorAlone() {
    Review draft = reviews.saveDraft(asBob, rr, ReviewText.of("Thinking", false),
        List.of(NewComment.general("Hmm", true)));

    assertThat(reviews.draft(asBob, rr)).get().extracting(Review::id).isEqualTo(draft.id());
    assertThat(reviews.draft(asCarol, rr)).isEmpty();
    assertThat(reviews.list(asCarol, rr)).isEmpty();
    assertThatThrownBy(() -> reviews.get(asCarol, rr, draft.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(reviews.standing(asCarol, rr).openIssues()).isZero();
    assertThat(reviewEvents()).isEmpty();
    assertThat(reviews.discardDraft(asBob, rr)).isTrue();
    assertThat(reviews.draft(asBob, rr)).isEmpty();
  }

  @Test
  void everyBadCommentIsReportedAndNothingIsStoredOrRecorded() {
    long otherFile = core.diffRevisions(null).files(asBob, publishedWithDiff(carol), 1).get(0)
        .id();

    assertThatThrownBy(() -> reviews.publish(asBob, rr, ReviewText.of("x", false), List.of(
            NewComment.onLines(file, 0, 1, "line zero", false),
            NewComment.general("", false))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems())
            .extracting(FieldProblem::field)
            .containsExactly("comments[0].first_line", "comments[1].text"));
    assertThatThrownBy(() -> reviews.publish(asBob, rr, ReviewText.of("x", false),
            List.of(NewComment.onLines(otherFile, 1, 1, "wrong file", false))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no file");
    assertThatThrownBy(() -> reviews.publish(asBob, rr, ReviewText.none(), List.of()))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("empty");

    assertThat(reviews.draft(asBob, rr)).isEmpty();
    assertThat(reviewEvents()).isEmpty();
  }

  @Test
  void aRevisionNotAppliedToABaseIsCountedByItsHunksEvenWithARepository() {
    long repo = core.repositories().create("app", "file:///srv/git/app.git", null).id();
    long id = core.reviewRequests().create(alice, ReviewRequestDraft.builder()
        .summary("Shout two").targetPeople(List.of("bob")).repositoryId(repo).build()).id();
    // Without mirrors the upload is not applied: its counts are the last lines the hunks show.
    core.diffRevisions(null).upload(root, asAlice, id, new DiffUpload(
        DIFF.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()));
    core.reviewRequests().publish(asAlice, id);
    long a = core.diffRevisions(null).files(asBob, id, 1).get(0).id();

    assertThatThrownBy(() -> reviews.publish(asBob, id, ReviewText.of("x", false), List.of(
            NewComment.onLines(a, 3, 2, "past the hunks", false))))
        .isInstanceOfSatisfying(CommentOutOfRangeException.class, e -> assertThat(e.problems())
            .containsExactly("comments[0]: lines 3 to 4 of the new side of a.txt lie past its"
                + " end: the diff shows lines up to 3 of that side; comment on lines 1 to 3"));
  }

  @Test
  void commentsWhereTheirFileHasNoLinesAreRefusedNamingHowManyItHas() {
    String diff = DIFF + """
        diff --git a/n.txt b/n.txt
        new file mode 100644
        index 0000000..1111111
        --- /dev/null
        +++ b/n.txt
        @@ -0,0 +1,2 @@
        +n1
        +n2
        diff --git a/b.bin b/b.bin
        index 1111111..2222222 100644
        Binary files a/b.bin and b/b.bin differ
        """;
    core.diffRevisions(null).upload(root, asAlice, rr, new DiffUpload(
        diff.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()));
    core.reviewRequests().publish(asAlice, rr);
    List<RevisionFile> files = core.diffRevisions(null).files(asBob, rr, 2);
    long a = files.get(0).id();
    long added = files.get(1).id();
    long binary = files.get(2).id();

    assertThatThrownBy(() -> reviews.publish(asBob, rr, ReviewText.of("x", false), List.of(
            NewComment.onLines(a, 1, 3, "fine", false),
            NewComment.onLines(a, 3, 2, "past the end", false),
            new NewComment(Optional.of(added), Optional.empty(), "old", 1, 1, Optional.empty(),
                "no old side", false),
            NewComment.onLines(binary, 1, 1, "binary", false))))
        .isInstanceOfSatisfying(CommentOutOfRangeException.class, e -> {
          assertThat(e.code()).isEqualTo("comment-out-of-range");
          assertThat(e.problems()).containsExactly(
              "comments[1]: lines 3 to 4 of the new side of a.txt lie past its end: the diff"
                  + " shows lines up to 3 of that side; comment on lines 1 to 3",
              "comments[2]: n.txt is added, so it has no old side; comment on its new side",
              "comments[3]: b.bin is binary: it has no lines to comment on; comment on the"
                  + " review as a whole instead");
        });
    assertThat(reviews.draft(asBob, rr)).isEmpty();
    assertThat(reviews.publish(asBob, rr, ReviewText.of("x", false), List.of(
        NewComment.onLines(added, 1, 2, "both lines", false))).comments()).hasSize(1);
  }

  @Test
  void aReplyAnswersACommentOnTheSameLines() {
    Review review = reviews.publish(asBob, rr, ReviewText.of("See inline", false),
        List.of(NewComment.onLines(file, 2, 1, "Why shout?", true)));
    long commented = review.comments().get(0).id();

    Review reply = reviews.reply(asAlice, rr, review.id(), ReviewText.none(),
        List.of(NewComment.replyTo(commented, "For emphasis")));

    assertThat(reply.replyToId()).contains(review.id());
    Comment answer = reply.comments().get(0);
    assertThat(answer.replyToId()).contains(commented);
    assertThat(answer.fileId()).contains(file);
    assertThat(answer.firstLine()).contains(2);
    assertThat(reviewEvents()).extracting(Event::type)
        .containsExactly(Event.Type.REVIEW_PUBLISHED, Event.Type.REPLY_PUBLISHED);
    assertThatThrownBy(() -> reviews.reply(asAlice, rr, review.id(), ReviewText.none(),
            List.of(NewComment.onLines(file, 1, 1, "new thread", true))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("reply");
  }

  @Test
  void twoReviewsPublishedAtOnceKeepTheCountsRight() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Review>> both = new ArrayList<>();
        for (Viewer v : List.of(asBob, asCarol)) {
          both.add(pool.submit(() -> {
            start.await();
            return reviews.publish(v, rr, ReviewText.of("round", true),
                List.of(NewComment.onLines(file, 2, 1, "issue", true),
                    NewComment.general("note", false)));
          }));
        }
        start.countDown();
        for (Future<Review> f : both) {
          assertThat(f.get(60, TimeUnit.SECONDS).published()).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }

    ReviewStanding standing = reviews.standing(asAlice, rr);
    assertThat(standing.reviews()).isEqualTo(20);
    assertThat(standing.shipIts()).isEqualTo(20);
    assertThat(standing.openIssues()).isEqualTo(20);
    assertThat(reviewEvents()).hasSize(20);
    assertThat(reviews.list(asAlice, rr)).allSatisfy(r -> assertThat(r.comments()).hasSize(2));
  }

  @Test
  void eventsAboutAReviewRequestForAnInviteOnlyGroupStayInside() {
    Groups.Group security = core.groups().create("security", "Security", true);
    core.groups().addMember(security, bob);
    long secret = core.reviewRequests().create(alice, ReviewRequestDraft.builder()
        .summary("Embargoed").targetGroups(List.of()).build()).id();
    core.groups().addMember(security, alice);
    core.reviewRequests().saveDraft(asAlice, secret, d -> d.targetGroups(List.of("security")));
    events.events.clear();

    core.reviewRequests().publish(asAlice, secret);
    reviews.publish(asBob, secret, ReviewText.of("ok", true), List.of());

    assertThat(events.events).isEmpty();
    reviews.publish(asBob, rr, ReviewText.of("public", false), List.of());
    assertThat(reviewEvents()).hasSize(1);
  }
}
