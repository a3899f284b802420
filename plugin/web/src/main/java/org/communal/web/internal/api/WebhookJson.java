package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.Event;
import org.communal.web.internal.Call;
import org.communal.webhooks.Webhook;
import org.communal.webhooks.Webhooks;

/** The JSON representation of a webhook; its secret appears only in the answer that created it. */
final class WebhookJson {
  private WebhookJson() {}

  static String path(long id) {
    return "api/webhooks/" + id + "/";
  }

  static Map<String, Object> of(Webhook w, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", w.id());
    json.put("url", w.url());
    json.put("events", w.events().stream().sorted().map(Event.Type::wireName).toList());
    json.put("repository", w.repositoryId().orElse(null));
    json.put("enabled", w.enabled());
    json.put("created_by", w.createdBy().orElse(null));
    json.put("created_at", w.createdAt());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(path(w.id()))));
    links.put("deliveries", Links.get(call.link(path(w.id()) + "deliveries/")));
    links.put("ping", Links.post(call.link(path(w.id()) + "ping/")));
    json.put("links", links);
    return json;
  }

  /** A new webhook, with its secret: the only time it is shown. */
  static Map<String, Object> created(Webhooks.Created c, Call call) {
    Map<String, Object> json = of(c.webhook(), call);
    json.put("secret", c.secret());
    return json;
  }
}
