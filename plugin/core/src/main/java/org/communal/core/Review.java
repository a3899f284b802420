package org.communal.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A review of a review request, or a reply to one.
 *
 * @param id the database id
 * @param reviewRequestId the review request
 * @param user who wrote it
 * @param replyToId for a reply, the review it answers
 * @param bodyTop text above the comments
 * @param bodyBottom text below the comments
 * @param shipIt whether the reviewer approves (a reviewer may revoke it later)
 * @param published false while it is its author's draft
 * @param publishedAt when it was published
 * @param comments its comments, oldest first
 */
public record Review(long id, long reviewRequestId, User user, Optional<Long> replyToId,
    String bodyTop, String bodyBottom, boolean shipIt, boolean published,
    Optional<Instant> publishedAt, List<Comment> comments) {
  public Review {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(replyToId, "replyToId");
    Objects.requireNonNull(bodyTop, "bodyTop");
    Objects.requireNonNull(bodyBottom, "bodyBottom");
    Objects.requireNonNull(publishedAt, "publishedAt");
    comments = List.copyOf(comments);
  }
}
