package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhooks;

/** {@code GET /api/webhooks/{id}/deliveries/{delivery}/} (admins). */
final class GetWebhookDelivery implements Endpoint {
  private final Webhooks webhooks;

  GetWebhookDelivery(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    return Reply.ok(WebhookDeliveryJson.of(webhooks.delivery(call.idParam("id", "webhook"),
        call.idParam("delivery", "webhook delivery")), call));
  }
}
