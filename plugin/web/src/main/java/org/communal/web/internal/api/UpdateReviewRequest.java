package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.ReviewRequest;
import org.communal.core.ReviewRequestStatus;
import org.communal.core.Viewer;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/review-requests/{id}/}: closes ({@code "status": "submitted"} with an optional
 * {@code commit_id}, or {@code "discarded"}, each with an optional {@code close_description}) or
 * reopens ({@code "status": "pending"}) a review request. Its other fields change through the
 * draft. {@code requires_verification} (alone or with a status) sets whether fixed issues wait
 * for their commenter's check.
 */
final class UpdateReviewRequest implements Endpoint {
  private static final Set<String> FIELDS = Set.of("status", "commit_id", "close_description",
      "requires_verification");

  private final CommunalCore core;

  UpdateReviewRequest(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    JsonFields in = call.jsonObject(FIELDS);
    String statusName = in.string("status");
    String commit = in.string("commit_id");
    String text = in.string("close_description");
    Boolean verification = in.bool("requires_verification");
    Optional<ReviewRequestStatus> status = verification != null && statusName == null
        ? Optional.empty() : checkStatus(in, statusName);
    in.check();
    Viewer viewer = call.viewer();
    if (status.isEmpty()) {
      return Reply.ok(ReviewRequestJson.of(core.reviewRequests().requireVerification(viewer, id,
          verification), call));
    }
    if (verification != null) {
      core.reviewRequests().requireVerification(viewer, id, verification);
    }
    ReviewRequest result = status.get() == ReviewRequestStatus.PENDING
        ? core.reviewRequests().reopen(viewer, id)
        : core.reviewRequests().close(viewer, id, status.get(), Optional.ofNullable(commit), text);
    return Reply.ok(ReviewRequestJson.of(result, call));
  }

  private static Optional<ReviewRequestStatus> checkStatus(JsonFields in, String name) {
    Optional<ReviewRequestStatus> status = Optional.ofNullable(name)
        .flatMap(ReviewRequestStatus::fromWireName);
    if (status.isEmpty()) {
      in.problem("status", "is required: pending (reopen), submitted or discarded");
    }
    return status;
  }
}
