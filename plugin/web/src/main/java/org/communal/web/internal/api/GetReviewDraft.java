package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/reviews/draft/}: the caller's draft review. */
final class GetReviewDraft implements Endpoint {
  private final Reviews reviews;

  GetReviewDraft(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    return reviews.draft(call.viewer(), id).map(r -> Reply.ok(ReviewJson.of(r, call)))
        .orElseThrow(() -> new ApiException(404, "not-found", "You have no draft review of"
            + " review request " + id + ": PUT one, or publish at once with POST .../publish/."));
  }
}
