package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/review-requests/{id}/reviews/draft/}: discards it; the session closes. */
final class DeleteReviewDraft implements Endpoint {
  private final Reviews reviews;

  DeleteReviewDraft(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    reviews.discardDraft(call.viewer(), id);
    PublishReview.closeSessionAfter(call, id);
    return Reply.noContent();
  }
}
