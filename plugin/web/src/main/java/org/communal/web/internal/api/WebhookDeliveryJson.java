package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.web.internal.Call;
import org.communal.webhooks.WebhookDelivery;

/** The JSON representation of one webhook delivery and how its last attempt went. */
final class WebhookDeliveryJson {
  private WebhookDeliveryJson() {}

  static String path(long webhookId, long id) {
    return WebhookJson.path(webhookId) + "deliveries/" + id + "/";
  }

  static Map<String, Object> of(WebhookDelivery d, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", d.id());
    json.put("webhook", d.webhookId());
    json.put("event", d.event());
    json.put("review_request_id", d.reviewRequestId().orElse(null));
    json.put("status", d.status().wireName());
    json.put("attempts", d.attempts());
    json.put("response_code", d.responseCode().orElse(null));
    json.put("response_detail", d.responseDetail());
    json.put("next_attempt_at", d.nextAttemptAt().orElse(null));
    json.put("created_at", d.createdAt());
    json.put("finished_at", d.finishedAt().orElse(null));
    json.put("payload", d.payload());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(path(d.webhookId(), d.id()))));
    links.put("webhook", Links.get(call.link(WebhookJson.path(d.webhookId()))));
    links.put("redeliver", Links.post(call.link(path(d.webhookId(), d.id()) + "redeliver/")));
    json.put("links", links);
    return json;
  }
}
