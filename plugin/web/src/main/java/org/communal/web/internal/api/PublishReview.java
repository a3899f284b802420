package org.communal.web.internal.api;

import java.util.List;
import org.communal.core.NewComment;
import org.communal.core.Permission;
import org.communal.core.Review;
import org.communal.core.ReviewText;
import org.communal.core.Reviews;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/reviews/draft/publish/}: publishes the caller's review in
 * one call; an optional body adds text, Ship It and comments first. One transaction, one event.
 */
final class PublishReview implements Endpoint {
  private final Reviews reviews;

  PublishReview(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    ReviewText text = ReviewText.none();
    List<NewComment> comments = List.of();
    if (call.request().getContentLengthLong() > 0) {
      JsonFields in = call.jsonObject(ReviewJson.FIELDS);
      text = ReviewJson.text(in);
      comments = ReviewJson.comments(in);
      in.check();
    }
    Review published = reviews.publish(call.viewer(), id, text, comments);
    closeSessionAfter(call, id);
    return Reply.created(call.link(ReviewJson.path(id, published.id())),
        ReviewJson.of(published, call));
  }

  /**
   * The reviewer's work on this review request is done: their review session closes once this
   * request has (a close of an ancestor asked for while closing runs right after).
   */
  static void closeSessionAfter(Call call, long reviewRequestId) {
    User reviewer = call.user();
    call.context().onClose(c -> call.reviewSessions().close(reviewer, reviewRequestId));
  }
}
