package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Review;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/review-requests/{id}/reviews/{review}/replies/draft/}: the caller's draft reply
 * ({@code body_top}, {@code body_bottom}, and {@code comments} with {@code reply_to}); {@code POST
 * .../replies/} publishes it.
 */
final class SaveReplyDraft implements Endpoint {
  private final Reviews reviews;

  SaveReplyDraft(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    JsonFields in = call.jsonObject(ReviewJson.FIELDS);
    var text = ReviewJson.text(in);
    var comments = ReviewJson.comments(in);
    in.check();
    Review draft = reviews.saveReplyDraft(call.viewer(), call.idParam("id", "review request"),
        call.idParam("review", "review"), text, comments);
    return Reply.ok(ReviewJson.of(draft, call));
  }
}
