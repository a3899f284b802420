package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.IssueStatus;
import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/review-requests/{id}/comments/{comment}/issue/} with {@code status}: open,
 * resolved or dropped (a resolve or drop becomes verifying-... where the review request requires
 * verification, until the commenter confirms).
 */
final class UpdateIssue implements Endpoint {
  private final Reviews reviews;

  UpdateIssue(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    JsonFields in = call.jsonObject(Set.of("status"));
    Optional<IssueStatus> status = Optional.ofNullable(in.string("status"))
        .flatMap(IssueStatus::fromWireName)
        .filter(s -> s == IssueStatus.OPEN || s == IssueStatus.RESOLVED
            || s == IssueStatus.DROPPED);
    if (status.isEmpty()) {
      in.problem("status", "is required: open, resolved or dropped");
    }
    in.check();
    return Reply.ok(ReviewJson.comment(reviews.setIssueStatus(call.viewer(),
        call.idParam("id", "review request"), call.idParam("comment", "comment"), status.get())));
  }
}
