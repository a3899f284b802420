package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Incoming, outgoing and needs-my-action lists, filters, full-text search and their privacy. */
class DashboardTest {
  private CommunalCore core;
  private ReviewRequests requests;
  private Reviews reviews;
  private Viewer asAlice;
  private Viewer asBob;
  private Viewer asCarol;

  @BeforeEach
  void users() {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    requests = core.reviewRequests();
    reviews = core.reviews(ApprovalRule.SHIP_IT_AND_NO_OPEN_ISSUE);
    asAlice = Viewer.of(user("alice"), false);
    asBob = Viewer.of(user("bob"), false);
    asCarol = Viewer.of(user("carol"), false);
  }

  private User user(String name) {
    return core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
  }

  private long published(Viewer submitter, String summary, String description,
      List<String> people, List<String> groups) {
    long id = requests.create(submitter.user().orElseThrow(), ReviewRequestDraft.builder()
        .summary(summary).description(description).build()).id();
    requests.saveDraft(submitter, id, d -> d.targetPeople(people).targetGroups(groups));
    requests.publish(submitter, id);
    return id;
  }

  private List<Long> ids(Viewer viewer, ReviewRequestQuery query) {
    return requests.list(viewer, query, new PageRequest(0, 50)).items().stream()
        .map(ReviewRequest::id).toList();
  }

  private static ReviewRequestQuery view(String view) {
    ReviewRequestQuery all = ReviewRequestQuery.all();
    return new ReviewRequestQuery(Optional.of(view), all.status(), all.repositoryId(),
        all.submitter(), all.group(), all.shipIt(), all.openIssues(), all.text());
  }

  private static ReviewRequestQuery text(String words) {
    ReviewRequestQuery all = ReviewRequestQuery.all();
    return new ReviewRequestQuery(all.view(), all.status(), all.repositoryId(), all.submitter(),
        all.group(), all.shipIt(), all.openIssues(), Optional.of(words));
  }

  @Test
  void theTurnPassesBetweenSubmitterAndReviewer() {
    long rr = published(asAlice, "Pager fix", "", List.of("bob"), List.of());

    assertThat(ids(asBob, view("incoming"))).containsExactly(rr);
    assertThat(ids(asAlice, view("outgoing"))).containsExactly(rr);
    assertThat(ids(asBob, view("needs-action"))).containsExactly(rr);
    assertThat(ids(asAlice, view("needs-action"))).isEmpty();

    reviews.publish(asBob, rr, ReviewText.of("One thing", false),
        List.of(NewComment.general("Please add a test", true)));
    assertThat(ids(asBob, view("needs-action"))).isEmpty();
    assertThat(ids(asAlice, view("needs-action"))).containsExactly(rr);

    requests.saveDraft(asAlice, rr, d -> d.testingDone("Added a test"));
    requests.publish(asAlice, rr);
    assertThat(ids(asAlice, view("needs-action"))).isEmpty();
    assertThat(ids(asBob, view("needs-action"))).containsExactly(rr);
    assertThat(ids(asCarol, view("incoming"))).isEmpty();
  }

  @Test
  void filtersCombine() {
    long shipped = published(asAlice, "Shipped", "", List.of("bob"), List.of());
    long open = published(asAlice, "Open issue", "", List.of("bob"), List.of());
    published(asBob, "Bob's", "", List.of("alice"), List.of());
    reviews.publish(asBob, shipped, ReviewText.of("", true), List.of());
    reviews.publish(asCarol, open, ReviewText.of("", false),
        List.of(NewComment.general("broken", true)));
    ReviewRequestQuery all = ReviewRequestQuery.all();

    assertThat(ids(asCarol, new ReviewRequestQuery(all.view(), all.status(), all.repositoryId(),
        Optional.of("alice"), all.group(), Optional.of(true), all.openIssues(), all.text())))
        .containsExactly(shipped);
    assertThat(ids(asCarol, new ReviewRequestQuery(all.view(), all.status(), all.repositoryId(),
        all.submitter(), all.group(), all.shipIt(), Optional.of(true), all.text())))
        .containsExactly(open);
    assertThatThrownBy(() -> view("everything")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void textSearchFindsSummariesDescriptionsAndPublishedCommentsOnly() {
    long pager = published(asAlice, "Fix the pager", "It skipped pages", List.of("bob"),
        List.of());
    long tls = published(asAlice, "Rotate certificates", "", List.of("bob"), List.of());
    reviews.publish(asBob, tls, ReviewText.of("", false),
        List.of(NewComment.general("the expiry date is wrong", false)));
    reviews.saveDraft(asCarol, pager, ReviewText.of("", false),
        List.of(NewComment.general("a secret draft about expiry", false)));

    assertThat(ids(asCarol, text("pager"))).containsExactly(pager);
    assertThat(ids(asCarol, text("skipping page"))).containsExactly(pager);
    assertThat(ids(asCarol, text("expiry"))).containsExactly(tls);
    assertThat(ids(asCarol, text("certificates -pager"))).containsExactly(tls);
  }

  @Test
  void aReviewRequestForAnInviteOnlyGroupStaysWithinIt() {
    Groups.Group security = core.groups().create("security", "Security", true);
    core.groups().addMember(security, asBob.user().orElseThrow());
    long secret = published(asBob, "Embargoed fix", "CVE details", List.of(),
        List.of("security"));
    long open = published(asBob, "Public fix", "", List.of("alice"), List.of());

    assertThat(ids(asBob, ReviewRequestQuery.all())).contains(secret, open);
    assertThat(ids(asCarol, ReviewRequestQuery.all())).containsExactly(open);
    assertThat(requests.list(asCarol, new PageRequest(0, 10)).total()).isOne();
    assertThat(ids(asCarol, text("embargoed"))).isEmpty();
    assertThatThrownBy(() -> requests.get(asCarol, secret))
        .isInstanceOf(NoSuchReviewRequestException.class);
    assertThatThrownBy(() -> reviews.list(asCarol, secret))
        .isInstanceOf(NoSuchReviewRequestException.class);
    assertThat(requests.get(Viewer.of(asCarol.user().orElseThrow(), true), secret).summary())
        .isEqualTo("Embargoed fix");
  }
}
