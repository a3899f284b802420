package org.communal.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A comment of a review: on a line range of one file of a diff revision (or of an interdiff), or
 * on the review request as a whole.
 *
 * @param id the database id
 * @param reviewId the review it belongs to
 * @param fileId for a diff comment, the file of the revision it is on
 * @param interFileId for a diff comment on an interdiff, the file of the later revision
 * @param side for a diff comment, {@code old} or {@code new}: which side's line numbers
 * @param firstLine for a diff comment, the first line, from 1
 * @param numLines for a diff comment, how many lines, from 1
 * @param replyToId for a reply, the comment it answers
 * @param text the comment
 * @param issue the issue it opened, if it opened one
 * @param createdAt when it was written
 */
public record Comment(long id, long reviewId, Optional<Long> fileId, Optional<Long> interFileId,
    String side, Optional<Integer> firstLine, Optional<Integer> numLines, Optional<Long> replyToId,
    String text, Optional<IssueStatus> issue, Instant createdAt) {
  public Comment {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(interFileId, "interFileId");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(firstLine, "firstLine");
    Objects.requireNonNull(numLines, "numLines");
    Objects.requireNonNull(replyToId, "replyToId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(issue, "issue");
  }

  /** Whether it is on lines of a diff, rather than on the whole review request. */
  public boolean onDiff() {
    return fileId.isPresent();
  }
}
