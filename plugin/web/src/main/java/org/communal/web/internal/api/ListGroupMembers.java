package org.communal.web.internal.api;

import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.Groups.Group;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/groups/{name}/members/}. */
final class ListGroupMembers implements Endpoint {
  private final CommunalCore core;

  ListGroupMembers(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    Group group = core.groups().get(call.param("name"), call.caller());
    return Reply.ok(Map.of("members", core.groups().members(group).stream()
        .map(u -> UserJson.of(u, call)).toList()));
  }
}
