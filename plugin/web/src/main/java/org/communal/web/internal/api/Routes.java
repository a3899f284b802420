package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.web.internal.Router;

/** Every route of the API, in one table. */
public final class Routes {
  private Routes() {}

  /** The routing table over a core; {@code version} is reported by the API root. */
  public static Router table(CommunalCore core, String version) {
    return Router.builder()
        .add("GET", "/", new GetIndex())
        .add("GET", "/health/", new GetHealth(core))
        .add("GET", "/api/", new GetApiRoot(version))
        .add("GET", "/api/review-requests/", new ListReviewRequests(core))
        .add("POST", "/api/review-requests/", new CreateReviewRequest(core))
        .add("GET", "/api/review-requests/{id}/", new GetReviewRequest(core))
        .build();
  }
}
