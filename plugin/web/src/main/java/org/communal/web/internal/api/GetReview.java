package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/reviews/{review}/}: a published review or one's draft. */
final class GetReview implements Endpoint {
  private final Reviews reviews;

  GetReview(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(ReviewJson.of(reviews.get(call.viewer(), call.idParam("id",
        "review request"), call.idParam("review", "review")), call));
  }
}
