package org.communal.core;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.communal.core.StatusUpdateEvents.Action;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.ReviewRequestRows;
import org.communal.core.internal.StatusUpdateRows;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * CI status updates on review requests: a CI service (a normal account, usually with a write-scoped
 * token) reports a check as pending and then as success, failure or error; people ask for a retry
 * of a check that went wrong. Whoever sees a review request sees its status updates (a status update
 * on a draft's diff revision only once that revision is published).
 *
 * <p>A pending status update with a timeout that goes that long without an update times out: every
 * call here flips the review request's due ones first (by the core's clock), so nobody reads a
 * stale pending, and {@link #expireDue()} sweeps all of them for listeners. Every change, the
 * service's flips included, records one {@code status_update_changed} event in its transaction.
 * Thread-safe.
 */
public final class StatusUpdates {
  private final Jdbi jdbi;
  private final Clock clock;
  private final StatusUpdateEvents events;

  StatusUpdates(Jdbi jdbi, Clock clock, Events events) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.events = new StatusUpdateEvents(events);
  }

  /**
   * Reports a check on a review request that the viewer sees.
   *
   * @throws NoSuchReviewRequestException if the viewer may not see the review request
   * @throws PermissionDeniedException for an anonymous viewer
   * @throws InvalidStateException if the state is {@code timed-out}, which only the service sets
   * @throws InvalidInputException if the diff revision is not one the viewer sees
   */
  public StatusUpdate create(Viewer viewer, long reviewRequestId, NewStatusUpdate update) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, reviewRequestId);
      User reporter = viewer.requireUser();
      checkSettable(update.state());
      Optional<Long> diffset = update.revision().map(rev -> diffsetOf(tx, viewer, request, rev));
      long id = StatusUpdateRows.insert(tx, request.id(), diffset, reporter, update,
          clock.instant());
      return changed(tx, id, Action.CREATED);
    });
  }

  /**
   * Changes the given fields of a status update; any state may follow any other, but only the
   * service sets {@code timed-out}. Setting it pending (again) restarts its timeout.
   *
   * @throws NotFoundException if the viewer sees no such status update on the review request
   * @throws PermissionDeniedException unless the viewer reported it or is an admin
   * @throws InvalidStateException if the new state is {@code timed-out}
   */
  public StatusUpdate update(Viewer viewer, long reviewRequestId, long id,
      StatusUpdateChanges changes) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, reviewRequestId);
      expire(tx, request.id());
      StatusUpdate current = locked(tx, viewer, request, id);
      if (!viewer.isOwnerOrAdmin(current.reporter().map(User::id).orElse(0L))) {
        throw new PermissionDeniedException("Only " + reporterName(current) + " (who reported"
            + " it) or an admin may change status update " + id + "; ask for a retry instead.");
      }
      changes.state().ifPresent(StatusUpdates::checkSettable);
      if (changes.isEmpty()) {
        return current;
      }
      StatusUpdateRows.write(tx, changes.applyTo(current), clock.instant());
      return changed(tx, id, Action.UPDATED);
    });
  }

  /**
   * Asks the CI service to run a check again: the status update becomes pending, its retry count
   * goes up, and the event tells listening CI services (through webhooks) to re-run the build.
   *
   * @throws PermissionDeniedException unless the viewer is the review request's submitter, the
   *     status update's reporter or an admin
   * @throws InvalidStateException unless the check failed, errored or timed out
   */
  public StatusUpdate requestRetry(Viewer viewer, long reviewRequestId, long id) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.lock(tx, viewer, reviewRequestId);
      expire(tx, request.id());
      StatusUpdate current = locked(tx, viewer, request, id);
      checkCanRetry(viewer, request, current);
      StatusUpdateRows.retry(tx, id, clock.instant());
      return changed(tx, id, Action.RETRY_REQUESTED);
    });
  }

  /**
   * A status update of a review request, as it stands now.
   *
   * @throws NotFoundException if the viewer sees no such status update (or review request)
   */
  public StatusUpdate get(Viewer viewer, long reviewRequestId, long id) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.read(tx, viewer, reviewRequestId);
      expire(tx, request.id());
      return StatusUpdateRows.find(tx, request.id(), id, seesDrafts(viewer, request))
          .orElseThrow(() -> noSuchUpdate(request.id(), id));
    });
  }

  /**
   * A page of a review request's status updates, oldest first.
   *
   * @throws NoSuchReviewRequestException if the viewer may not see the review request
   */
  public Page<StatusUpdate> list(Viewer viewer, long reviewRequestId, PageRequest page) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.read(tx, viewer, reviewRequestId);
      expire(tx, request.id());
      boolean drafts = seesDrafts(viewer, request);
      List<StatusUpdate> items = StatusUpdateRows.list(tx, request.id(), drafts, page);
      long total = StatusUpdateRows.counts(tx, request.id(), drafts).values().stream()
          .mapToLong(Integer::longValue).sum();
      return new Page<>(items, total, page);
    });
  }

  /**
   * How a review request's checks stand, for display: counts per state and one overall state.
   *
   * @throws NoSuchReviewRequestException if the viewer may not see the review request
   */
  public StatusUpdateSummary summary(Viewer viewer, long reviewRequestId) {
    return inTransaction(tx -> {
      ReviewRequest request = ReviewRequestRows.read(tx, viewer, reviewRequestId);
      expire(tx, request.id());
      return StatusUpdateSummary.of(StatusUpdateRows.counts(tx, request.id(),
          seesDrafts(viewer, request)));
    });
  }

  /**
   * Times out every pending status update whose timeout has passed, with one event each. Run it
   * now and then (a minute apart suits), so that listeners hear of timeouts nobody read; rows
   * another transaction holds are left to it.
   *
   * @return how many status updates timed out
   */
  public int expireDue() {
    return inTransaction(tx -> expire(tx, Optional.empty()));
  }

  private int expire(Handle tx, long reviewRequestId) {
    return expire(tx, Optional.of(reviewRequestId));
  }

  private int expire(Handle tx, Optional<Long> reviewRequestId) {
    List<Long> ids = StatusUpdateRows.expireDue(tx, reviewRequestId, clock.instant());
    if (!ids.isEmpty()) {
      StatusUpdateRows.rows(tx, ids).forEach(row -> events.changed(tx, row, Action.TIMED_OUT));
    }
    return ids.size();
  }

  private StatusUpdate changed(Handle tx, long id, Action action) {
    StatusUpdateRows.Row row = StatusUpdateRows.rows(tx, List.of(id)).get(0);
    events.changed(tx, row, action);
    return row.update();
  }

  private StatusUpdate locked(Handle tx, Viewer viewer, ReviewRequest request, long id) {
    return StatusUpdateRows.lock(tx, request.id(), id, seesDrafts(viewer, request))
        .orElseThrow(() -> noSuchUpdate(request.id(), id));
  }

  private static long diffsetOf(Handle tx, Viewer viewer, ReviewRequest request, int revision) {
    return StatusUpdateRows.diffsetId(tx, request.id(), revision, seesDrafts(viewer, request))
        .orElseThrow(() -> InvalidInputException.of("revision", "review request " + request.id()
            + " has no diff revision " + revision + "; name a published one, or none for the"
            + " review request as a whole"));
  }

  private static void checkCanRetry(Viewer viewer, ReviewRequest request, StatusUpdate current) {
    if (!viewer.isOwnerOrAdmin(request.submitter().id())
        && !current.reportedBy(viewer.userId())) {
      throw new PermissionDeniedException("Only " + request.submitter().username() + " (the"
          + " submitter), " + reporterName(current) + " (who reported it) or an admin may retry"
          + " status update " + current.id() + ".");
    }
    if (!current.state().retryable()) {
      throw new InvalidStateException("Status update " + current.id() + " is "
          + current.state().wireName() + ": only a failed, errored or timed-out check can be"
          + " retried. Wait for it to finish, or ask its reporter to report it again.");
    }
  }

  private static void checkSettable(StatusUpdateState state) {
    if (state == StatusUpdateState.TIMED_OUT) {
      throw new InvalidStateException("A status update cannot be set to timed-out: the service"
          + " sets it when a pending one outlives its timeout_seconds. Give "
          + StatusUpdateState.settableNames() + ".");
    }
  }

  private static boolean seesDrafts(Viewer viewer, ReviewRequest request) {
    return viewer.isOwnerOrAdmin(request.submitter().id());
  }

  private static String reporterName(StatusUpdate s) {
    return s.reporter().map(User::username).orElse("its reporter");
  }

  private static NotFoundException noSuchUpdate(long reviewRequestId, long id) {
    return new NotFoundException("Review request " + reviewRequestId + " has no status update "
        + id + ".");
  }

  private <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
    return Jdbis.call(jdbi, h -> h.inTransaction(work::withHandle));
  }
}
