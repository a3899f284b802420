package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/groups/{name}/}: not found when the caller may not see it. */
final class GetGroup implements Endpoint {
  private final CommunalCore core;

  GetGroup(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(GroupJson.of(core.groups().get(call.param("name"), call.caller()), call));
  }
}
