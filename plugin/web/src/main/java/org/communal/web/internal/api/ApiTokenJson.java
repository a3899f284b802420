package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.ApiTokens.ApiToken;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.internal.Call;

/** The JSON of an API token, never with its value. */
final class ApiTokenJson {
  private ApiTokenJson() {}

  static String path(User owner) {
    return UserJson.path(owner) + "api-tokens/";
  }

  static Map<String, Object> of(ApiToken t, User owner, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", t.id());
    json.put("name", t.name());
    json.put("prefix", t.prefix());
    json.put("scopes", t.scopes().stream().map(Permission::wireName).sorted().toList());
    json.put("created_at", t.createdAt());
    json.put("expires_at", t.expiresAt().orElse(null));
    json.put("last_used_at", t.lastUsedAt().orElse(null));
    json.put("revoked_at", t.revokedAt().orElse(null));
    json.put("links", Map.of("self", Links.get(call.link(path(owner) + t.id() + "/"))));
    return json;
  }
}
