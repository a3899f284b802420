package org.communal.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A review request: one proposed change, reviewed across diff revisions.
 *
 * @param id the database id
 * @param submitter who proposed the change
 * @param repositoryId the repository it is against, if known
 * @param summary one line
 * @param description free text; may be empty
 * @param testingDone free text; may be empty
 * @param branch the branch it lands on; may be empty
 * @param bugsClosed bug ids this change closes
 * @param status open, submitted or discarded
 * @param published false while the submitter is still drafting
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ReviewRequest(
    long id,
    User submitter,
    Optional<Long> repositoryId,
    String summary,
    String description,
    String testingDone,
    String branch,
    List<String> bugsClosed,
    ReviewRequestStatus status,
    boolean published,
    Instant createdAt,
    Instant updatedAt) {
  public ReviewRequest {
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(repositoryId, "repositoryId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(status, "status");
    bugsClosed = List.copyOf(bugsClosed);
  }
}
