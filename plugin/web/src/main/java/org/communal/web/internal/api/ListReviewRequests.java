package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/?start=N&max-results=M}: newest activity first. */
final class ListReviewRequests implements Endpoint {
  private final CommunalCore core;

  ListReviewRequests(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(PageJson.of(core.reviewRequests().list(call.viewer(),
        PageJson.request(call)),
        "review_requests", "api/review-requests/", call, r -> ReviewRequestJson.of(r, call)));
  }
}
