package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.Page;
import org.communal.core.PageRequest;
import org.communal.core.ReviewRequest;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/?start=N&max-results=M}: newest activity first. */
final class ListReviewRequests implements Endpoint {
  private final CommunalCore core;

  ListReviewRequests(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    PageRequest request = new PageRequest(call.intQuery("start", 0),
        call.intQuery("max-results", PageRequest.DEFAULT_MAX_RESULTS));
    Page<ReviewRequest> page = core.reviewRequests().list(request);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_results", page.total());
    body.put("review_requests", page.items().stream()
        .map(r -> ReviewRequestJson.of(r, call)).toList());
    body.put("links", links(page, call));
    return Reply.ok(body);
  }

  private static Map<String, Object> links(Page<ReviewRequest> page, Call call) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(pageLink(page.request(), call)));
    if (page.hasNext()) {
      links.put("next", Links.get(pageLink(page.request().next(), call)));
    }
    if (page.hasPrevious()) {
      links.put("prev", Links.get(pageLink(page.request().previous(), call)));
    }
    return links;
  }

  private static String pageLink(PageRequest p, Call call) {
    return call.link("api/review-requests/?start=" + p.start() + "&max-results=" + p.maxResults());
  }
}
