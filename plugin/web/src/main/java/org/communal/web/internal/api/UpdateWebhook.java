package org.communal.web.internal.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.communal.core.AuditLog;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;
import org.communal.webhooks.Webhook;
import org.communal.webhooks.WebhookUpdate;
import org.communal.webhooks.Webhooks;

/**
 * {@code PATCH /api/webhooks/{id}/} (admins): {@code url}, {@code events}, {@code enabled},
 * {@code repository} (null for every repository); fields left out stay as they are.
 */
final class UpdateWebhook implements Endpoint {
  private static final Set<String> FIELDS = Set.of("url", "events", "enabled", "repository");

  private final Webhooks webhooks;
  private final AuditLog auditLog;

  UpdateWebhook(Webhooks webhooks, AuditLog auditLog) {
    this.webhooks = webhooks;
    this.auditLog = auditLog;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long id = call.idParam("id", "webhook");
    JsonFields in = call.jsonObject(FIELDS);
    WebhookUpdate update = read(in);
    in.check();
    Webhook updated = webhooks.update(id, update);
    WebhookAudit.record(auditLog, call, "webhook-updated", id, update.toString());
    return Reply.ok(WebhookJson.of(updated, call));
  }

  private static WebhookUpdate read(JsonFields in) {
    WebhookUpdate update = WebhookUpdate.none();
    String url = in.string("url");
    List<String> events = in.strings("events");
    Boolean enabled = in.bool("enabled");
    Long repository = in.whole("repository");
    if (url != null) {
      update = update.url(url);
    }
    if (events != null) {
      update = update.events(events);
    }
    if (enabled != null) {
      update = update.enabled(enabled);
    }
    if (in.has("repository")) {
      update = update.repositoryId(Optional.ofNullable(repository));
    }
    return update;
  }
}
