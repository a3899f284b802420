package org.communal.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One numbered diff revision of a review request.
 *
 * @param reviewRequestId the review request
 * @param revision its number, from 1
 * @param baseCommitId the commit it was made against, when known
 * @param published false while it belongs to the draft (seen by the submitter and admins only)
 * @param fileCount how many files it lists (a file a series changes in several commits is one)
 * @param linesAdded lines added over all listed files (binary files count none)
 * @param linesRemoved lines removed over all listed files
 * @param rawSize the size of the upload, in bytes
 * @param commits for a {@code format-patch} upload, each mail's commit id, author, date, subject
 *     and body, in order; empty for a plain diff
 * @param createdAt when it was uploaded
 */
public record DiffRevision(long reviewRequestId, int revision, Optional<String> baseCommitId,
    boolean published, int fileCount, int linesAdded, int linesRemoved, long rawSize,
    List<Map<String, String>> commits, Instant createdAt) {
  public DiffRevision {
    Objects.requireNonNull(baseCommitId, "baseCommitId");
    commits = List.copyOf(commits);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
