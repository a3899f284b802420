package org.communal.core;

/**
 * Decides whether a review request is approved, from its reviews' standing. Pluggable through
 * {@link CommunalCore#reviews(ApprovalRule)}; the default is {@link #SHIP_IT_AND_NO_OPEN_ISSUE}.
 */
@FunctionalInterface
public interface ApprovalRule {
  /** At least one Ship It from someone other than the submitter, and no issue left open. */
  ApprovalRule SHIP_IT_AND_NO_OPEN_ISSUE = s -> s.shipIts() >= 1 && s.openIssues() == 0
      && s.verifyingIssues() == 0;

  /** Whether a review request with this standing is approved. */
  boolean approved(ReviewStanding standing);
}
