package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/reviews/{review}/replies/draft/}: the caller's. */
final class GetReplyDraft implements Endpoint {
  private final Reviews reviews;

  GetReplyDraft(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    long review = call.idParam("review", "review");
    return reviews.replyDraft(call.viewer(), id, review).map(r -> Reply.ok(ReviewJson.of(r, call)))
        .orElseThrow(() -> new ApiException(404, "not-found", "You have no draft reply to review "
            + review + "."));
  }
}
