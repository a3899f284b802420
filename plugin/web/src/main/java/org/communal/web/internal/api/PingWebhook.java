package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.WebhookDelivery;
import org.communal.webhooks.Webhooks;

/**
 * {@code POST /api/webhooks/{id}/ping/} (admins): records a {@code ping} delivery, whatever
 * events the webhook wants, to check the receiver and its secret; 409 {@code invalid-state} while
 * the webhook is disabled.
 */
final class PingWebhook implements Endpoint {
  private final Webhooks webhooks;

  PingWebhook(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    WebhookDelivery ping = webhooks.ping(call.idParam("id", "webhook"));
    return Reply.created(call.link(WebhookDeliveryJson.path(ping.webhookId(), ping.id())),
        WebhookDeliveryJson.of(ping, call));
  }
}
