package org.communal.web.internal.api;

import org.communal.core.AuditLog;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhooks;

/** {@code DELETE /api/webhooks/{id}/} (admins): the webhook and its delivery log. */
final class DeleteWebhook implements Endpoint {
  private final Webhooks webhooks;
  private final AuditLog auditLog;

  DeleteWebhook(Webhooks webhooks, AuditLog auditLog) {
    this.webhooks = webhooks;
    this.auditLog = auditLog;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long id = call.idParam("id", "webhook");
    String url = webhooks.get(id).url();
    webhooks.delete(id);
    WebhookAudit.record(auditLog, call, "webhook-deleted", id, url);
    return Reply.noContent();
  }
}
