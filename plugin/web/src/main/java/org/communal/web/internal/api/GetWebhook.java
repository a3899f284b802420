package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhooks;

/** {@code GET /api/webhooks/{id}/} (admins): without its secret. */
final class GetWebhook implements Endpoint {
  private final Webhooks webhooks;

  GetWebhook(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    return Reply.ok(WebhookJson.of(webhooks.get(call.idParam("id", "webhook")), call));
  }
}
