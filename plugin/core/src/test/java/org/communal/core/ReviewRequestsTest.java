package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewRequestsTest {
  private CommunalCore core;
  private User alice;

  @BeforeEach
  void freshDatabase() {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    alice = core.users().create(new NewUser("alice", "Alice Example", Optional.empty(), false,
        Optional.empty())).user();
  }

  private ReviewRequest create(String summary) {
    return core.reviewRequests().create(alice,
        ReviewRequestDraft.builder().summary(summary).build());
  }

  @Test
  void createsADraftReviewRequestAndReadsItBack() {
    ReviewRequest created = core.reviewRequests().create(alice, ReviewRequestDraft.builder()
        .summary("  Fix the pager  ").description("It skipped page 2.").testingDone("Ran it.")
        .branch("main").bugsClosed(List.of("BZ-1", "42")).build());

    ReviewRequest read = core.reviewRequests().get(Viewer.of(alice, false), created.id());

    assertThat(read).isEqualTo(created);
    assertThat(read.summary()).isEqualTo("Fix the pager");
    assertThat(read.submitter().username()).isEqualTo("alice");
    assertThat(read.bugsClosed()).containsExactly("BZ-1", "42");
    assertThat(read.status()).isEqualTo(ReviewRequestStatus.PENDING);
    assertThat(read.published()).isFalse();
    assertThat(read.repositoryId()).isEmpty();
  }

  @Test
  void anUnknownIdIsNotFound() {
    assertThatThrownBy(() -> core.reviewRequests().get(Viewer.of(alice, false), 999_999))
        .isInstanceOf(NoSuchReviewRequestException.class)
        .hasMessageContaining("999999")
        .extracting(e -> ((CommunalException) e).code()).isEqualTo("not-found");
  }

  @Test
  void anUnknownRepositoryIsAnInvalidFieldAndStoresNothing() {
    ReviewRequestDraft draft = ReviewRequestDraft.builder().summary("x").repositoryId(77L).build();

    assertThatThrownBy(() -> core.reviewRequests().create(alice, draft))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems())
            .extracting(FieldProblem::field).containsExactly("repository"));
    assertThat(core.reviewRequests().list(Viewer.of(alice, false), new PageRequest(0, 10)).total()).isZero();
  }

  @Test
  void listsNewestFirstInPagesWithATotal() {
    for (int i = 1; i <= 5; i++) {
      create("change " + i);
    }

    Page<ReviewRequest> first = core.reviewRequests().list(Viewer.of(alice, false), new PageRequest(0, 2));
    Page<ReviewRequest> last = core.reviewRequests().list(Viewer.of(alice, false), new PageRequest(4, 2));

    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).extracting(ReviewRequest::summary)
        .containsExactly("change 5", "change 4");
    assertThat(first.hasNext()).isTrue();
    assertThat(first.hasPrevious()).isFalse();
    assertThat(last.items()).extracting(ReviewRequest::summary).containsExactly("change 1");
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void usernamesAreUniqueRegardlessOfCase() {
    NewUser again = new NewUser("ALICE", "Someone Else", Optional.empty(), false, Optional.empty());

    assertThatThrownBy(() -> core.users().create(again))
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("ALICE");
    assertThat(core.users().find("Alice")).contains(alice);
  }

  @Test
  void healthReportsTheSchemaVersion() {
    Health health = core.health();

    assertThat(health.databaseUp()).isTrue();
    assertThat(health.schemaVersion()).isPresent();
    assertThat(health.detail()).isEqualTo("ok");
  }

  @Test
  void healthReportsALostDatabaseWithoutThrowing() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

    Health health = CommunalCore.wrap(nowhere).health();

    assertThat(health.databaseUp()).isFalse();
    assertThat(health.detail()).contains("PostgreSQL did not answer");
  }
}
