package org.communal.web.internal.api;

import org.communal.core.AuditLog;
import org.communal.web.internal.Router;
import org.communal.webhooks.Webhooks;

/** The webhook administration routes, all for admins; {@link Routes} adds them when configured. */
final class WebhookRoutes {
  private WebhookRoutes() {}

  static void add(Router.Builder routes, Webhooks webhooks, AuditLog auditLog) {
    routes
        .add("GET", "/api/webhooks/", new ListWebhooks(webhooks))
        .add("POST", "/api/webhooks/", new CreateWebhook(webhooks, auditLog))
        .add("GET", "/api/webhooks/{id}/", new GetWebhook(webhooks))
        .add("PATCH", "/api/webhooks/{id}/", new UpdateWebhook(webhooks, auditLog))
        .add("DELETE", "/api/webhooks/{id}/", new DeleteWebhook(webhooks, auditLog))
        .add("POST", "/api/webhooks/{id}/ping/", new PingWebhook(webhooks))
        .add("GET", "/api/webhooks/{id}/deliveries/", new ListWebhookDeliveries(webhooks))
        .add("GET", "/api/webhooks/{id}/deliveries/{delivery}/", new GetWebhookDelivery(webhooks))
        .add("POST", "/api/webhooks/{id}/deliveries/{delivery}/redeliver/",
            new RedeliverWebhookDelivery(webhooks, auditLog));
  }
}
