package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Which review requests a list shows, besides the viewer's right to see them. Every part is
 * optional; the parts given must all hold.
 *
 * @param view {@code incoming} (the viewer is a target person or in a target group),
 *     {@code outgoing} (the viewer submitted it) or {@code needs-action} (it is the viewer's turn:
 *     their reviewers' new comments wait for them as submitter, or the submitter updated since
 *     they last reviewed)
 * @param status pending, submitted or discarded
 * @param repositoryId the repository
 * @param submitter the submitter's username
 * @param group a target group's name
 * @param shipIt whether it has (true) or lacks (false) a Ship It from someone else
 * @param openIssues whether it has (true) or lacks (false) open issues
 * @param text words to find in its summary, description or published comments (PostgreSQL
 *     full-text search: {@code "quoted phrases"}, {@code or}, {@code -excluded})
 */
public record ReviewRequestQuery(Optional<String> view, Optional<ReviewRequestStatus> status,
    Optional<Long> repositoryId, Optional<String> submitter, Optional<String> group,
    Optional<Boolean> shipIt, Optional<Boolean> openIssues, Optional<String> text) {
  public ReviewRequestQuery {
    Objects.requireNonNull(view, "view");
    if (view.isPresent() && !java.util.List.of("incoming", "outgoing", "needs-action")
        .contains(view.get())) {
      throw InvalidInputException.of("view", "must be incoming, outgoing or needs-action, was \""
          + view.get() + "\"");
    }
  }

  /** Every review request the viewer may see. */
  public static ReviewRequestQuery all() {
    return new ReviewRequestQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
