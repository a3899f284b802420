package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A diff uploaded to a review request.
 *
 * @param diff the output of {@code git diff} or {@code git format-patch}
 * @param parentDiff a diff from the base commit to the commit the change was made on, when that
 *     commit is not in the repository (work on top of unpushed commits)
 * @param baseCommitId the commit the diff (or its parent diff) was made against: a commit id, a
 *     branch or a tag; when empty and the review request has a repository, the head of its
 *     default branch
 */
public record DiffUpload(byte[] diff, Optional<byte[]> parentDiff, Optional<String> baseCommitId) {
  public DiffUpload {
    Objects.requireNonNull(diff, "diff");
    Objects.requireNonNull(parentDiff, "parentDiff");
    Objects.requireNonNull(baseCommitId, "baseCommitId");
  }
}
