package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/{id}/standing/}: reviews, Ship Its, open and verifying issues,
 * and whether the approval rule is met.
 */
final class GetStanding implements Endpoint {
  private final Reviews reviews;

  GetStanding(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(ReviewJson.standing(reviews.standing(call.viewer(),
        call.idParam("id", "review request"))));
  }
}
