package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.AuditLog;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;
import org.communal.webhooks.NewWebhook;
import org.communal.webhooks.Webhooks;

/**
 * {@code POST /api/webhooks/} (admins): {@code url}, {@code events}, optional {@code repository},
 * {@code enabled} (default true) and {@code secret} (default: a random one). The answer carries
 * the secret, the only time it is shown.
 */
final class CreateWebhook implements Endpoint {
  private static final Set<String> FIELDS = Set.of("url", "events", "repository", "enabled",
      "secret");

  private final Webhooks webhooks;
  private final AuditLog auditLog;

  CreateWebhook(Webhooks webhooks, AuditLog auditLog) {
    this.webhooks = webhooks;
    this.auditLog = auditLog;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    JsonFields in = call.jsonObject(FIELDS);
    NewWebhook spec = new NewWebhook(in.string("url"), in.strings("events"),
        Optional.ofNullable(in.whole("repository")),
        !Boolean.FALSE.equals(in.bool("enabled")), Optional.ofNullable(in.string("secret")));
    in.check();
    Webhooks.Created created = webhooks.create(spec, Optional.of(call.user().id()));
    WebhookAudit.record(auditLog, call, "webhook-created", created.webhook().id(),
        created.webhook().url());
    return Reply.created(call.link(WebhookJson.path(created.webhook().id())),
        WebhookJson.created(created, call));
  }
}
