package org.communal.web.internal.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.communal.core.Permission;
import org.communal.core.Sessions;
import org.communal.core.User;
import org.communal.web.internal.Call;

/** The JSON of the caller's session: who they are, and the CSRF token pages must send. */
final class SessionJson {
  private SessionJson() {}

  static Map<String, Object> of(User user, Optional<Sessions.Session> session, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user", UserJson.of(user, call));
    json.put("credential", call.caller().credential().name().toLowerCase(java.util.Locale.ROOT));
    // What the caller holds: their account's rights within the credential's scopes, not the
    // credential's scopes alone (a session's allow everything its account may do).
    json.put("scopes", Arrays.stream(Permission.values()).filter(call::may)
        .map(Permission::wireName).sorted().toList());
    session.ifPresent(s -> {
      json.put("csrf_token", s.csrfToken());
      json.put("expires_at", s.expiresAt());
    });
    return json;
  }
}
