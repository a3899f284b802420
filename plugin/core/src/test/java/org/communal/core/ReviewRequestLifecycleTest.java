package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewRequestLifecycleTest {
  private CommunalCore core;
  private ReviewRequests requests;
  private User alice;
  private User bob;
  private User carol;
  private Viewer asAlice;
  private Viewer asBob;

  @BeforeEach
  void freshDatabase() {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    requests = core.reviewRequests();
    alice = user("alice");
    bob = user("bob");
    carol = user("carol");
    asAlice = Viewer.of(alice, false);
    asBob = Viewer.of(bob, false);
  }

  private User user(String name) {
    return core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
  }

  private ReviewRequest draftOf(User submitter, String summary) {
    return requests.create(submitter, ReviewRequestDraft.builder().summary(summary).build());
  }

  private ReviewRequest publishedBy(User submitter, String summary) {
    ReviewRequest r = draftOf(submitter, summary);
    Viewer v = Viewer.of(submitter, false);
    requests.saveDraft(v, r.id(), d -> d.targetPeople(List.of("bob")));
    return requests.publish(v, r.id());
  }

  @Test
  void aNewReviewRequestHasADraftSeenOnlyByItsSubmitterAndAdmins() {
    ReviewRequest r = draftOf(alice, "Fix the pager");

    assertThat(requests.draft(asAlice, r.id())).get()
        .extracting(d -> d.fields().summary()).isEqualTo("Fix the pager");
    assertThatThrownBy(() -> requests.get(asBob, r.id()))
        .isInstanceOf(NoSuchReviewRequestException.class);
    assertThatThrownBy(() -> requests.draft(asBob, r.id()))
        .isInstanceOf(NoSuchReviewRequestException.class);
    assertThat(requests.get(Viewer.of(carol, true), r.id()).summary()).isEqualTo("Fix the pager");
    assertThat(requests.list(asBob, new PageRequest(0, 10)).total()).isZero();
    assertThat(requests.list(asAlice, new PageRequest(0, 10)).total()).isOne();
  }

  @Test
  void unknownReviewersAndDependenciesAreAllReportedAndNothingIsSaved() {
    ReviewRequest r = draftOf(alice, "Fix the pager");

    assertThatThrownBy(() -> requests.saveDraft(asAlice, r.id(), d -> d.summary("changed")
            .targetPeople(List.of("bob", "nobody")).targetGroups(List.of("ghosts"))
            .dependsOn(List.of(r.id(), 9_999L))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems())
            .extracting(FieldProblem::field)
            .containsExactly("target_people", "target_groups", "depends_on", "depends_on"))
        .hasMessageContaining("\"nobody\"").hasMessageContaining("\"ghosts\"")
        .hasMessageContaining("itself").hasMessageContaining("9999");
    assertThat(requests.draft(asAlice, r.id()).orElseThrow().fields().summary())
        .isEqualTo("Fix the pager");
  }

  @Test
  void anInviteOnlyGroupIsUnknownToThoseOutsideIt() {
    Groups.Group security = core.groups().create("security", "Security", true);
    core.groups().addMember(security, bob);
    ReviewRequest mine = draftOf(alice, "Harden TLS");
    ReviewRequest bobs = draftOf(bob, "Rotate keys");

    assertThatThrownBy(() -> requests.saveDraft(asAlice, mine.id(),
            d -> d.targetGroups(List.of("security"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no group is named");
    assertThat(requests.saveDraft(asBob, bobs.id(), d -> d.targetGroups(List.of("security")))
        .fields().targetGroups()).containsExactly("security");
  }

  @Test
  void theFirstPublishNeedsAReviewerAndRecordsEveryFieldSet() {
    ReviewRequest r = draftOf(alice, "Fix the pager");

    assertThatThrownBy(() -> requests.publish(asAlice, r.id()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("reviewer");
    requests.saveDraft(asAlice, r.id(), d -> d.targetPeople(List.of("bob", "carol"))
        .description("It skipped page 2.").changeText("First version"));
    ReviewRequest published = requests.publish(asAlice, r.id());

    assertThat(published.published()).isTrue();
    assertThat(published.targetPeople()).containsExactly("bob", "carol");
    assertThat(published.description()).isEqualTo("It skipped page 2.");
    assertThat(requests.draft(asAlice, r.id())).isEmpty();
    assertThat(requests.get(asBob, r.id()).summary()).isEqualTo("Fix the pager");
    List<ChangeDescription> changes = requests.changes(asBob, r.id());
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).text()).isEqualTo("First version");
    assertThat(changes.get(0).fieldsChanged()).containsEntry("initial", true)
        .containsKeys("summary", "description", "target_people");
  }

  @Test
  void eachLaterPublishRecordsExactlyWhatChanged() {
    ReviewRequest r = publishedBy(alice, "Fix the pager");

    requests.saveDraft(asAlice, r.id(), d -> d.summary("Fix the pager for good")
        .targetPeople(List.of("carol")).bugsClosed(List.of("BZ-7")));
    assertThat(requests.get(asBob, r.id()).summary()).isEqualTo("Fix the pager");
    requests.publish(asAlice, r.id());

    Map<String, Object> changed = requests.changes(asAlice, r.id()).get(1).fieldsChanged();
    assertThat(changed).containsOnlyKeys("summary", "target_people", "bugs_closed");
    assertThat(changed.get("summary"))
        .isEqualTo(Map.of("old", "Fix the pager", "new", "Fix the pager for good"));
    assertThat(changed.get("target_people"))
        .isEqualTo(Map.of("added", List.of("carol"), "removed", List.of("bob")));
    assertThat(requests.get(asBob, r.id()).summary()).isEqualTo("Fix the pager for good");
  }

  @Test
  void publishingWithoutChangesIsRefused() {
    ReviewRequest r = publishedBy(alice, "Fix the pager");
    requests.saveDraft(asAlice, r.id(), d -> d);

    assertThatThrownBy(() -> requests.publish(asAlice, r.id()))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("no unpublished changes");
    assertThat(requests.changes(asAlice, r.id())).hasSize(1);
  }

  @Test
  void onlyTheSubmitterOrAnAdminChangesAReviewRequest() {
    ReviewRequest r = publishedBy(alice, "Fix the pager");

    assertThatThrownBy(() -> requests.saveDraft(asBob, r.id(), d -> d.summary("mine now")))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("alice");
    assertThatThrownBy(() -> requests.close(asBob, r.id(), ReviewRequestStatus.DISCARDED,
            Optional.empty(), ""))
        .isInstanceOf(PermissionDeniedException.class);
    Viewer admin = Viewer.of(carol, true);
    requests.saveDraft(admin, r.id(), d -> d.summary("Edited by an admin"));
    assertThat(requests.publish(admin, r.id()).summary()).isEqualTo("Edited by an admin");
  }

  @Test
  void closesAsSubmittedWithTheLandedCommitAndReopens() {
    ReviewRequest r = publishedBy(alice, "Fix the pager");

    ReviewRequest submitted = requests.close(asAlice, r.id(), ReviewRequestStatus.SUBMITTED,
        Optional.of("0123abcd"), "Landed on main");

    assertThat(submitted.status()).isEqualTo(ReviewRequestStatus.SUBMITTED);
    assertThat(submitted.commitId()).contains("0123abcd");
    assertThat(submitted.closeDescription()).isEqualTo("Landed on main");
    assertThatThrownBy(() -> requests.close(asAlice, r.id(), ReviewRequestStatus.DISCARDED,
            Optional.empty(), ""))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("reopen");
    assertThatThrownBy(() -> requests.saveDraft(asAlice, r.id(), d -> d.summary("x")))
        .isInstanceOf(InvalidStateException.class);
    ReviewRequest reopened = requests.reopen(asAlice, r.id());
    assertThat(reopened.status()).isEqualTo(ReviewRequestStatus.PENDING);
    assertThat(reopened.commitId()).isEmpty();
    assertThatThrownBy(() -> requests.reopen(asAlice, r.id()))
        .isInstanceOf(InvalidStateException.class);
  }

  @Test
  void aDraftThatWasNeverPublishedCannotBeSubmittedButCanBeDiscarded() {
    ReviewRequest r = draftOf(alice, "Spike");

    assertThatThrownBy(() -> requests.close(asAlice, r.id(), ReviewRequestStatus.SUBMITTED,
            Optional.empty(), ""))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("never published");
    assertThatThrownBy(() -> requests.close(asAlice, r.id(), ReviewRequestStatus.SUBMITTED,
            Optional.of("not-hex"), ""))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("commit_id");
    assertThat(requests.close(asAlice, r.id(), ReviewRequestStatus.DISCARDED, Optional.empty(),
        "Not needed").status()).isEqualTo(ReviewRequestStatus.DISCARDED);
  }

  @Test
  void discardingADraftKeepsThePublishedFields() {
    ReviewRequest r = publishedBy(alice, "Fix the pager");
    requests.saveDraft(asAlice, r.id(), d -> d.summary("A second thought"));

    assertThat(requests.discardDraft(asAlice, r.id())).isTrue();

    assertThat(requests.draft(asAlice, r.id())).isEmpty();
    assertThat(requests.get(asAlice, r.id()).summary()).isEqualTo("Fix the pager");
    assertThat(requests.discardDraft(asAlice, r.id())).isFalse();
  }

  @Test
  void dependenciesArePublishedAndListed() {
    ReviewRequest base = publishedBy(alice, "Base change");
    ReviewRequest next = draftOf(alice, "Next change");

    requests.saveDraft(asAlice, next.id(), d -> d.targetPeople(List.of("bob"))
        .dependsOn(List.of(base.id())));

    assertThat(requests.publish(asAlice, next.id()).dependsOn()).containsExactly(base.id());
  }

  @Test
  void defaultReviewersOfMatchingPathsAreAddedOnPublish() {
    Repository repo = core.repositories().create("app", "file:///srv/git/app.git", null);
    core.defaultReviewers().create(repo.id(), "database", "^db/", List.of("carol"), List.of());
    core.defaultReviewers().create(repo.id(), "docs", "\\.md$", List.of("bob"), List.of());
    assertThatThrownBy(() -> core.defaultReviewers().create(repo.id(), "bad", "([",
            List.of("nobody"), List.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("file_regex")
        .hasMessageContaining("nobody");
    ReviewRequest r = requests.create(alice, ReviewRequestDraft.builder().summary("Schema")
        .repositoryId(repo.id()).build());
    String diff = "diff --git a/db/schema.sql b/db/schema.sql\n--- a/db/schema.sql\n"
        + "+++ b/db/schema.sql\n@@ -1 +1 @@\n-old\n+new\n";
    try (var ctx = new AutoCloseableContext()) {
      core.diffRevisions(null).upload(ctx.context, asAlice, r.id(), new DiffUpload(
          diff.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty(),
          Optional.empty()));
    }

    ReviewRequest published = requests.publish(asAlice, r.id());

    assertThat(published.targetPeople()).containsExactly("carol");
  }

  /** A root context for one test step. */
  private static final class AutoCloseableContext implements AutoCloseable {
    final org.communal.context.Context context = org.communal.context.Context.root("step");

    @Override
    public void close() {
      context.close();
    }
  }
}
