package org.communal.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The unpublished changes to a review request, seen by its submitter and admins alone.
 *
 * @param reviewRequestId the review request
 * @param fields the fields as they will be once published
 * @param diffRevision the diff revision uploaded to this draft, if any
 * @param updatedAt when the draft last changed
 */
public record Draft(long reviewRequestId, ReviewRequestDraft fields,
    Optional<Integer> diffRevision, Instant updatedAt) {
  public Draft {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(diffRevision, "diffRevision");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
