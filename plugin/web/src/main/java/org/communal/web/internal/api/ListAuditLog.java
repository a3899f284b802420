package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.AuditLog.Entry;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/audit-log/} (admins): newest first. */
final class ListAuditLog implements Endpoint {
  private final CommunalCore core;

  ListAuditLog(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    return Reply.ok(PageJson.of(core.auditLog().list(PageJson.request(call)), "entries",
        "api/audit-log/", call, ListAuditLog::json));
  }

  private static Object json(Entry e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", e.id());
    json.put("at", e.at());
    json.put("actor", e.actor().orElse(null));
    json.put("action", e.action());
    json.put("target", e.target());
    json.put("detail", e.detail());
    json.put("remote_addr", e.remoteAddr().orElse(null));
    return json;
  }
}
