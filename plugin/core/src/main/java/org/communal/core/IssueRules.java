package org.communal.core;

import java.util.Optional;
import org.communal.core.internal.ReviewRequestHead;

/**
 * Who may move an issue where. The submitter (or an admin) handles issues: open to resolved or
 * dropped, or, when the review request requires verification, to verifying-resolved or
 * verifying-dropped; and back to open. The commenter may close their own issue, and confirms (to
 * resolved or dropped) or rejects (back to open) a verifying one.
 */
final class IssueRules {
  private IssueRules() {}

  /**
   * The state the issue moves to (a request to resolve becomes verifying-resolved where
   * verification is required).
   */
  static IssueStatus check(Viewer viewer, ReviewRequestHead request, Review review, Comment comment,
      IssueStatus wanted) {
    IssueStatus now = comment.issue().orElseThrow(() -> new InvalidStateException("Comment "
        + comment.id() + " opened no issue."));
    boolean submitter = viewer.isOwnerOrAdmin(request.submitter().id());
    boolean commenter = review.user().id() == viewer.userId();
    if (!submitter && !commenter) {
      throw new PermissionDeniedException("Only " + request.submitter().username() + " (the"
          + " submitter), " + review.user().username() + " (who opened it) or an admin may"
          + " change issue " + comment.id() + ".");
    }
    Optional<IssueStatus> next = move(now, wanted, submitter, commenter,
        requiresVerification(request));
    return next.orElseThrow(() -> new InvalidStateException("Issue " + comment.id() + " is "
        + now.wireName() + "; you cannot make it " + wanted.wireName() + " from there."));
  }

  private static Optional<IssueStatus> move(IssueStatus now, IssueStatus wanted,
      boolean submitter, boolean commenter, boolean verify) {
    boolean closing = wanted == IssueStatus.RESOLVED || wanted == IssueStatus.DROPPED;
    if (now == IssueStatus.OPEN && closing) {
      if (commenter || !verify) {
        return Optional.of(wanted);
      }
      return Optional.of(wanted == IssueStatus.RESOLVED ? IssueStatus.VERIFYING_RESOLVED
          : IssueStatus.VERIFYING_DROPPED);
    }
    boolean verifying = now == IssueStatus.VERIFYING_RESOLVED
        || now == IssueStatus.VERIFYING_DROPPED;
    if (verifying && commenter && (closing || wanted == IssueStatus.OPEN)) {
      return Optional.of(wanted);
    }
    if (!verifying && now != IssueStatus.OPEN && wanted == IssueStatus.OPEN) {
      return Optional.of(IssueStatus.OPEN);
    }
    return Optional.empty();
  }

  private static boolean requiresVerification(ReviewRequestHead request) {
    return request.requiresVerification();
  }
}
