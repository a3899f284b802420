package org.communal.web.internal.api;

import org.communal.core.AuditLog;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.WebhookDelivery;
import org.communal.webhooks.Webhooks;

/**
 * {@code POST /api/webhooks/{id}/deliveries/{delivery}/redeliver/} (admins): the same event
 * again, as a new pending delivery; 409 {@code invalid-state} while the webhook is disabled.
 */
final class RedeliverWebhookDelivery implements Endpoint {
  private final Webhooks webhooks;
  private final AuditLog auditLog;

  RedeliverWebhookDelivery(Webhooks webhooks, AuditLog auditLog) {
    this.webhooks = webhooks;
    this.auditLog = auditLog;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long id = call.idParam("id", "webhook");
    long original = call.idParam("delivery", "webhook delivery");
    WebhookDelivery copy = webhooks.redeliver(id, original);
    WebhookAudit.record(auditLog, call, "webhook-redelivered", id, "delivery " + original
        + " again as " + copy.id());
    return Reply.created(call.link(WebhookDeliveryJson.path(id, copy.id())),
        WebhookDeliveryJson.of(copy, call));
  }
}
