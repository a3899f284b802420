package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/}: the product and links to every top-level resource. */
final class GetApiRoot implements Endpoint {
  private final String version;
  private final boolean managesAccounts;

  GetApiRoot(String version, boolean managesAccounts) {
    this.version = version;
    this.managesAccounts = managesAccounts;
  }

  @Override
  public Reply handle(Call call) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link("api/")));
    links.put("review_requests", Links.get(call.link("api/review-requests/")));
    links.put("create_review_request", Links.post(call.link("api/review-requests/")));
    links.put("session", Links.get(call.link("api/session/")));
    if (managesAccounts) {
      links.put("sign_in", Links.post(call.link("api/session/")));
    }
    links.put("users", Links.get(call.link("api/users/")));
    links.put("groups", Links.get(call.link("api/groups/")));
    links.put("health", Links.get(call.link("health")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", Map.of("name", "Communal", "version", version));
    body.put("links", links);
    return Reply.ok(body);
  }
}
