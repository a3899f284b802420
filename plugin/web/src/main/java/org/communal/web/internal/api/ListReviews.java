package org.communal.web.internal.api;

import java.util.List;
import java.util.Map;
import org.communal.core.Permission;
import org.communal.core.Review;
import org.communal.core.Reviews;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/reviews/}: published reviews and replies, oldest first. */
final class ListReviews implements Endpoint {
  private final Reviews reviews;

  ListReviews(Reviews reviews) {
    this.reviews = reviews;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    List<Review> list = reviews.list(call.viewer(), call.idParam("id", "review request"));
    return Reply.ok(Map.of("total_results", list.size(),
        "reviews", list.stream().map(r -> ReviewJson.of(r, call)).toList()));
  }
}
