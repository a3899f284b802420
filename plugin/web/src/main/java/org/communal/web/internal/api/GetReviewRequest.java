package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.ReviewRequest;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/}. */
final class GetReviewRequest implements Endpoint {
  private final CommunalCore core;

  GetReviewRequest(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    ReviewRequest request = core.reviewRequests().get(call.viewer(), id);
    // Reading a review request starts (or continues) its reader's review session.
    call.caller().user().ifPresent(u -> call.reviewSessions().open(u, id));
    return Reply.ok(ReviewRequestJson.of(request, call));
  }
}
