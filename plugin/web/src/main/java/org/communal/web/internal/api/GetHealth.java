package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.Health;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /health}: 200 when the database answers, 503 when it does not. */
final class GetHealth implements Endpoint {
  private final CommunalCore core;

  GetHealth(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    Health health = core.health();
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("up", health.databaseUp());
    database.put("schema_version", health.schemaVersion().orElse(null));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", health.databaseUp() ? "ok" : "unavailable");
    body.put("detail", health.detail());
    body.put("database", database);
    return new Reply(health.databaseUp() ? 200 : 503, Map.of("Cache-Control", "no-store"), body);
  }
}
