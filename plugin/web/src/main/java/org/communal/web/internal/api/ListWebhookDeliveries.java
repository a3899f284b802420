package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhooks;

/** {@code GET /api/webhooks/{id}/deliveries/} (admins): the delivery log, newest first. */
final class ListWebhookDeliveries implements Endpoint {
  private final Webhooks webhooks;

  ListWebhookDeliveries(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long id = call.idParam("id", "webhook");
    return Reply.ok(PageJson.of(webhooks.deliveries(id, PageJson.request(call)), "deliveries",
        WebhookJson.path(id) + "deliveries/", call, d -> WebhookDeliveryJson.of(d, call)));
  }
}
