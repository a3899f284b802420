package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
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
    return Reply.ok(ReviewRequestJson.of(core.reviewRequests().get(id), call));
  }
}
