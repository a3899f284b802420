package org.communal.web.internal.api;

import java.util.Optional;
import org.communal.core.AuditLog;
import org.communal.web.internal.Call;

/** Admin changes to webhooks go to the audit log, like other admin actions. */
final class WebhookAudit {
  private WebhookAudit() {}

  static void record(AuditLog log, Call call, String action, long webhookId, String detail) {
    log.record(Optional.of(call.user()), action, "webhook:" + webhookId, detail,
        call.remoteAddr());
  }
}
