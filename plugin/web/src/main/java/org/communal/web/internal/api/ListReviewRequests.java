package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import java.util.Optional;
import org.communal.core.InvalidInputException;
import org.communal.core.Permission;
import org.communal.core.ReviewRequestQuery;
import org.communal.core.ReviewRequestStatus;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/?start=N&max-results=M}: newest activity first, filtered by
 * {@code view} (incoming, outgoing, needs-action), {@code status}, {@code repository},
 * {@code from-user}, {@code to-group}, {@code ship-it} and {@code open-issues} (true or false),
 * and {@code q} (full-text search of summaries, descriptions and published comments).
 */
final class ListReviewRequests implements Endpoint {
  private final CommunalCore core;

  ListReviewRequests(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(PageJson.of(core.reviewRequests().list(call.viewer(), query(call),
        PageJson.request(call)),
        "review_requests", "api/review-requests/", call, r -> ReviewRequestJson.of(r, call)));
  }

  private static ReviewRequestQuery query(Call call) {
    Optional<ReviewRequestStatus> status = call.query("status").map(s ->
        ReviewRequestStatus.fromWireName(s).orElseThrow(() -> InvalidInputException.of("status",
            "must be pending, submitted or discarded, was \"" + s + "\"")));
    Optional<Long> repository = call.query("repository").map(r -> (long) call.intQuery(
        "repository", 0));
    return new ReviewRequestQuery(call.query("view"), status, repository,
        call.query("from-user"), call.query("to-group"), bool(call, "ship-it"),
        bool(call, "open-issues"), call.query("q"));
  }

  private static Optional<Boolean> bool(Call call, String name) {
    return call.query(name).map(v -> switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw InvalidInputException.of(name, "must be true or false, was \"" + v
          + "\"");
    });
  }
}
