package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.Groups.Group;
import org.communal.web.internal.Call;

/** The JSON representation of a group. */
final class GroupJson {
  private GroupJson() {}

  static String path(Group g) {
    return "api/groups/" + g.name() + "/";
  }

  static Map<String, Object> of(Group g, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", g.id());
    json.put("name", g.name());
    json.put("display_name", g.displayName());
    json.put("invite_only", g.inviteOnly());
    json.put("links", Map.of("self", Links.get(call.link(path(g))),
        "members", Links.get(call.link(path(g) + "members/"))));
    return json;
  }
}
