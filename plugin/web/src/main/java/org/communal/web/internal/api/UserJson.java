package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.User;
import org.communal.web.internal.Call;

/** The JSON representation of a user; private fields only for the user and admins. */
final class UserJson {
  private UserJson() {}

  static String path(User u) {
    return "api/users/" + u.username() + "/";
  }

  static Map<String, Object> of(User u, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", u.id());
    json.put("username", u.username());
    json.put("display_name", u.displayName());
    json.put("active", u.active());
    json.put("admin", u.admin());
    if (call.isSelfOrAdmin(u)) {
      json.put("email", u.email().orElse(null));
      json.put("must_change_password", u.mustChangePassword());
    }
    json.put("links", Map.of("self", Links.get(call.link(path(u)))));
    return json;
  }
}
