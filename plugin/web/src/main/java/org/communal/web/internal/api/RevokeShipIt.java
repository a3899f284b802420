package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/review-requests/{id}/reviews/{review}/ship-it/}: its author takes it back. */
final class RevokeShipIt implements Endpoint {
  private final Reviews reviews;

  RevokeShipIt(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    return Reply.ok(ReviewJson.of(reviews.revokeShipIt(call.viewer(), call.idParam("id",
        "review request"), call.idParam("review", "review")), call));
  }
}
