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
 * @param commitId the commit that landed it, when submitted with one
 * @param closeDescription what the closer said when submitting or discarding it
 * @param targetPeople usernames of the people asked to review, sorted
 * @param targetGroups names of the groups asked to review, sorted
 * @param dependsOn ids of the review requests it depends on, sorted
 * @param requiresVerification whether issues the submitter handles wait for their commenter's
 *     check
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
    Instant updatedAt,
    Optional<String> commitId,
    String closeDescription,
    List<String> targetPeople,
    List<String> targetGroups,
    List<Long> dependsOn,
    boolean requiresVerification) {
  public ReviewRequest {
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(repositoryId, "repositoryId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(status, "status");
    bugsClosed = List.copyOf(bugsClosed);
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(closeDescription, "closeDescription");
    targetPeople = List.copyOf(targetPeople);
    targetGroups = List.copyOf(targetGroups);
    dependsOn = List.copyOf(dependsOn);
  }
}
