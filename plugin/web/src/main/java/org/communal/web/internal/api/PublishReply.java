package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.core.Review;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/reviews/{review}/replies/}: publishes a reply to a review
 * in one call: {@code body_top}/{@code body_bottom} answer the review's, and {@code comments} with
 * {@code reply_to} answer its comments; what the caller's draft reply holds is published with it.
 */
final class PublishReply implements Endpoint {
  private final Reviews reviews;

  PublishReply(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    var text = org.communal.core.ReviewText.none();
    java.util.List<org.communal.core.NewComment> comments = java.util.List.of();
    if (call.request().getContentLengthLong() > 0) {
      JsonFields in = call.jsonObject(ReviewJson.FIELDS);
      text = ReviewJson.text(in);
      comments = ReviewJson.comments(in);
      in.check();
    }
    Review reply = reviews.reply(call.viewer(), id, call.idParam("review", "review"), text,
        comments);
    return Reply.created(call.link(ReviewJson.path(id, reply.id())), ReviewJson.of(reply, call));
  }
}
