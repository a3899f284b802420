package org.communal.core;

import java.util.List;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Creating, reading and listing review requests. Thread-safe. */
public final class ReviewRequests {
  private static final String SELECT = "SELECT r.id, r.repository_id, r.summary, r.description,"
      + " r.testing_done, r.branch, r.bugs_closed, r.status, r.is_public, r.created_at,"
      + " r.updated_at, u.id AS user_id, u.username, u.display_name, u.email, u.is_active,"
      + " u.is_admin, u.must_change_password"
      + " FROM review_requests r JOIN users u ON u.id = r.submitter_id";

  private final Jdbi jdbi;

  ReviewRequests(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Creates a review request as a draft of its submitter.
   *
   * @throws InvalidInputException if the repository does not exist
   */
  public ReviewRequest create(User submitter, ReviewRequestDraft draft) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      checkRepositoryExists(tx, draft);
      long id = tx.createUpdate("INSERT INTO review_requests (submitter_id, repository_id, summary,"
              + " description, testing_done, branch, bugs_closed) VALUES (:submitter, :repository,"
              + " :summary, :description, :testingDone, :branch, :bugs)")
          .bind("submitter", submitter.id())
          .bind("repository", draft.repositoryId().orElse(null))
          .bind("summary", draft.summary())
          .bind("description", draft.description())
          .bind("testingDone", draft.testingDone())
          .bind("branch", draft.branch())
          .bind("bugs", draft.bugsClosed().toArray(String[]::new))
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      return read(tx, id);
    }));
  }

  /**
   * The review request with this id.
   *
   * @throws NoSuchReviewRequestException if there is none
   */
  public ReviewRequest get(long id) {
    return Jdbis.call(jdbi, h -> read(h, id));
  }

  /** A page of review requests, most recently updated first. */
  public Page<ReviewRequest> list(PageRequest page) {
    return Jdbis.call(jdbi, h -> {
      long total = h.createQuery("SELECT count(*) FROM review_requests").mapTo(Long.class).one();
      List<ReviewRequest> items = h.createQuery(SELECT
              + " ORDER BY r.updated_at DESC, r.id DESC OFFSET :start LIMIT :max")
          .bind("start", page.start()).bind("max", page.maxResults())
          .map(Jdbis::reviewRequest).list();
      return new Page<>(items, total, page);
    });
  }

  private static ReviewRequest read(Handle h, long id) {
    return h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id)
        .map(Jdbis::reviewRequest).findOne()
        .orElseThrow(() -> new NoSuchReviewRequestException(id));
  }

  private static void checkRepositoryExists(Handle h, ReviewRequestDraft draft) {
    if (draft.repositoryId().isEmpty()) {
      return;
    }
    long id = draft.repositoryId().get();
    boolean exists = h.createQuery("SELECT EXISTS (SELECT 1 FROM repositories WHERE id = :id)")
        .bind("id", id).mapTo(Boolean.class).one();
    if (!exists) {
      throw InvalidInputException.of("repository", "no repository has id " + id);
    }
  }
}
