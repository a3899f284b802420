package org.communal.core;

import java.util.List;
import java.util.Optional;
import org.communal.core.internal.Drafts;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.ReviewRequestFilters;
import org.communal.core.internal.ReviewRequestRows;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Review requests through their life: created as a draft, edited, published (one change
 * description per publish), closed as submitted or discarded, reopened. Only the submitter or an
 * admin changes one; until its first publish only they see it. Thread-safe.
 */
public final class ReviewRequests {
  private final Jdbi jdbi;
  private final Events events;
  private final Drafts drafts;

  ReviewRequests(Jdbi jdbi, Events events) {
    this.jdbi = jdbi;
    this.events = events;
    this.drafts = new Drafts();
  }

  /**
   * Creates an unpublished review request whose draft holds these fields.
   *
   * @throws InvalidInputException if the repository, a reviewer or a dependency does not exist
   */
  public ReviewRequest create(User submitter, ReviewRequestDraft draft) {
    Viewer viewer = Viewer.of(submitter, false);
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
      drafts.save(tx, viewer, id, draft);
      return ReviewRequestRows.read(tx, viewer, id);
    }));
  }

  /**
   * The review request with this id, as this viewer may see it.
   *
   * @throws NoSuchReviewRequestException if there is none the viewer may see
   */
  public ReviewRequest get(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> ReviewRequestRows.read(h, viewer, id));
  }

  /** A page of the review requests this viewer may see, most recently updated first. */
  public Page<ReviewRequest> list(Viewer viewer, PageRequest page) {
    return list(viewer, ReviewRequestQuery.all(), page);
  }

  /**
   * A page of the review requests this viewer may see that match the query, most recently
   * updated first; the total counts only those too.
   */
  public Page<ReviewRequest> list(Viewer viewer, ReviewRequestQuery query, PageRequest page) {
    ReviewRequestFilters f = ReviewRequestFilters.of(viewer, query);
    return Jdbis.call(jdbi, h -> {
      long total = h.createQuery("SELECT count(*) FROM review_requests r JOIN users u"
              + " ON u.id = r.submitter_id WHERE " + f.where())
          .bindMap(f.binds()).mapTo(Long.class).one();
      List<ReviewRequest> items = h.createQuery(ReviewRequestRows.SELECT + " WHERE " + f.where()
              + " ORDER BY r.updated_at DESC, r.id DESC OFFSET :start LIMIT :max")
          .bindMap(f.binds()).bind("start", page.start()).bind("max", page.maxResults())
          .map(Jdbis::reviewRequest).list();
      return new Page<>(items, total, page);
    });
  }

  /**
   * The unpublished changes of a review request, if it has any.
   *
   * @throws NoSuchReviewRequestException if the viewer may not see the review request
   * @throws PermissionDeniedException if they may see it but are not its submitter or an admin
   */
  public Optional<Draft> draft(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> {
      checkCanEdit(viewer, ReviewRequestRows.read(h, viewer, id));
      return drafts.find(h, id);
    });
  }

  /**
   * Saves the draft's fields (creating the draft from the published fields if there was none).
   *
   * @param change turns the current draft's fields into the new ones
   * @throws InvalidInputException if a field is invalid, or a reviewer or dependency is unknown
   */
  public Draft saveDraft(Viewer viewer, long id,
      java.util.function.UnaryOperator<ReviewRequestDraft.Builder> change) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, id);
      checkCanEdit(viewer, request);
      checkOpen(request, "edit");
      ReviewRequestDraft current = drafts.find(tx, id).map(Draft::fields)
          .orElseGet(() -> Drafts.fieldsOf(request));
      drafts.save(tx, viewer, id, change.apply(current.toBuilder()).build());
      return drafts.find(tx, id).orElseThrow();
    }));
  }

  /**
   * Throws the draft away, with any diff revision uploaded to it. A review request that was never
   * published keeps its first fields as a new draft.
   *
   * @return whether there was a draft
   */
  public boolean discardDraft(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, id);
      checkCanEdit(viewer, request);
      return drafts.discard(tx, request);
    }));
  }

  /**
   * Publishes the draft: its fields and any diff revision uploaded to it become public, in one
   * transaction, with one change description listing what changed.
   *
   * @throws InvalidStateException if nothing changed or the review request is closed
   * @throws InvalidInputException if the first publish names no reviewer
   */
  public ReviewRequest publish(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, id);
      checkCanEdit(viewer, request);
      checkOpen(request, "publish");
      drafts.publish(tx, viewer, request);
      ReviewRequest published = ReviewRequestRows.read(tx, viewer, id);
      record(tx, Event.Type.REVIEW_REQUEST_PUBLISHED, published);
      return published;
    }));
  }

  /**
   * Closes a pending review request as submitted (the change landed, optionally as this commit)
   * or discarded.
   *
   * @throws InvalidStateException if it is already closed, or is submitted before being published
   */
  public ReviewRequest close(Viewer viewer, long id, ReviewRequestStatus status,
      Optional<String> commitId, String description) {
    if (status == ReviewRequestStatus.PENDING) {
      throw InvalidInputException.of("status", "close as submitted or discarded; to reopen,"
          + " use reopen");
    }
    checkCommitId(commitId);
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, id);
      checkCanEdit(viewer, request);
      checkOpen(request, "close");
      if (status == ReviewRequestStatus.SUBMITTED && !request.published()) {
        throw new InvalidStateException("Review request " + id + " was never published, so it"
            + " cannot be submitted: publish it first, or discard it.");
      }
      tx.createUpdate("UPDATE review_requests SET status = :status, commit_id = :commit,"
              + " close_description = :text, closed_at = now(), updated_at = now()"
              + " WHERE id = :id")
          .bind("status", status.wireName()).bind("commit", commitId.orElse(null))
          .bind("text", description == null ? "" : description).bind("id", id).execute();
      ReviewRequest closed = ReviewRequestRows.read(tx, viewer, id);
      if (closed.published()) {
        record(tx, Event.Type.REVIEW_REQUEST_CLOSED, closed);
      }
      return closed;
    }));
  }

  /**
   * Reopens a submitted or discarded review request as pending.
   *
   * @throws InvalidStateException if it is pending
   */
  public ReviewRequest reopen(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, id);
      checkCanEdit(viewer, request);
      if (request.status() == ReviewRequestStatus.PENDING) {
        throw new InvalidStateException("Review request " + id + " is open already.");
      }
      tx.createUpdate("UPDATE review_requests SET status = 'pending', commit_id = NULL,"
              + " close_description = '', closed_at = NULL, updated_at = now() WHERE id = :id")
          .bind("id", id).execute();
      ReviewRequest reopened = ReviewRequestRows.read(tx, viewer, id);
      if (reopened.published()) {
        record(tx, Event.Type.REVIEW_REQUEST_REOPENED, reopened);
      }
      return reopened;
    }));
  }

  /**
   * Sets whether issues the submitter resolves or drops wait for their commenter's check.
   *
   * @throws PermissionDeniedException for anyone but the submitter or an admin
   */
  public ReviewRequest requireVerification(Viewer viewer, long id, boolean required) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      checkCanEdit(viewer, ReviewRequestRows.lock(tx, viewer, id));
      tx.createUpdate("UPDATE review_requests SET requires_verification = :required,"
          + " updated_at = now() WHERE id = :id").bind("required", required).bind("id", id)
          .execute();
      return ReviewRequestRows.read(tx, viewer, id);
    }));
  }

  /** Every change description of a review request, oldest first. */
  public List<ChangeDescription> changes(Viewer viewer, long id) {
    return Jdbis.call(jdbi, h -> {
      ReviewRequestRows.read(h, viewer, id);
      return Drafts.changes(h, id);
    });
  }

  /** Only what every reader of a published review request sees goes into an event. */
  private void record(org.jdbi.v3.core.Handle tx, Event.Type type, ReviewRequest r) {
    java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
    payload.put("id", r.id());
    payload.put("summary", r.summary());
    payload.put("status", r.status().wireName());
    payload.put("submitter", r.submitter().username());
    payload.put("target_people", r.targetPeople());
    payload.put("target_groups", r.targetGroups());
    r.commitId().ifPresent(c -> payload.put("commit_id", c));
    events.record(tx, new Event(type, r.id(), r.repositoryId(), payload));
  }

  /**
   * Requires the viewer to be the submitter or an admin.
   *
   * @throws PermissionDeniedException otherwise
   */
  static void checkCanEdit(Viewer viewer, ReviewRequest request) {
    if (!viewer.isOwnerOrAdmin(request.submitter().id())) {
      throw new PermissionDeniedException("Only " + request.submitter().username()
          + " (the submitter) or an admin may change review request " + request.id() + ".");
    }
  }

  private static void checkOpen(ReviewRequest request, String what) {
    if (request.status() != ReviewRequestStatus.PENDING) {
      throw new InvalidStateException("Review request " + request.id() + " is "
          + request.status().wireName() + ", so you cannot " + what + " it: reopen it first.");
    }
  }

  private static void checkCommitId(Optional<String> commitId) {
    if (commitId.isPresent() && !commitId.get().matches("[0-9a-fA-F]{4,64}")) {
      throw InvalidInputException.of("commit_id", "must be a commit id (4 to 64 hexadecimal"
          + " digits), was \"" + commitId.get() + "\"");
    }
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
