package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/}: the product and links to every top-level resource of {@link Routes}, admins'
 * included (they answer others 401 or 403), so that a client finds everything from here.
 */
final class GetApiRoot implements Endpoint {
  private final String version;
  private final boolean managesAccounts;
  private final boolean webhooks;

  /**
   * @param managesAccounts whether sign-in is served here
   * @param webhooks whether {@code /api/webhooks/} is served
   */
  GetApiRoot(String version, boolean managesAccounts, boolean webhooks) {
    this.version = version;
    this.managesAccounts = managesAccounts;
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", Map.of("name", "Communal", "version", version));
    body.put("links", links(call));
    return Reply.ok(body);
  }

  private Map<String, Object> links(Call call) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link("api/")));
    links.put("review_requests", Links.get(call.link("api/review-requests/")));
    links.put("create_review_request", Links.post(call.link("api/review-requests/")));
    links.put("session", Links.get(call.link("api/session/")));
    if (managesAccounts) {
      links.put("sign_in", Links.post(call.link("api/session/")));
    }
    links.put("repositories", Links.get(call.link("api/repositories/")));
    links.put("users", Links.get(call.link("api/users/")));
    links.put("groups", Links.get(call.link("api/groups/")));
    adminLinks(call, links);
    links.put("health", Links.get(call.link("health")));
    return links;
  }

  private void adminLinks(Call call, Map<String, Object> links) {
    if (webhooks) {
      links.put("webhooks", Links.get(call.link("api/webhooks/")));
    }
    links.put("audit_log", Links.get(call.link("api/audit-log/")));
    links.put("contexts", Links.get(call.link("admin/contexts/")));
  }
}
