package org.communal.web.internal.api;

import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhooks;

/** {@code GET /api/webhooks/} (admins): oldest first, without their secrets. */
final class ListWebhooks implements Endpoint {
  private final Webhooks webhooks;

  ListWebhooks(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    return Reply.ok(PageJson.of(webhooks.list(PageJson.request(call)), "webhooks",
        "api/webhooks/", call, w -> WebhookJson.of(w, call)));
  }
}
