package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Review;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/review-requests/{id}/reviews/draft/}: changes the caller's draft review
 * ({@code body_top}, {@code body_bottom}, {@code ship_it}) and adds {@code comments} to it.
 */
final class SaveReviewDraft implements Endpoint {
  private final Reviews reviews;

  SaveReviewDraft(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    JsonFields in = call.jsonObject(ReviewJson.FIELDS);
    var text = ReviewJson.text(in);
    var comments = ReviewJson.comments(in);
    in.check();
    Review draft = reviews.saveDraft(call.viewer(), call.idParam("id", "review request"), text,
        comments);
    return Reply.ok(ReviewJson.of(draft, call));
  }
}
