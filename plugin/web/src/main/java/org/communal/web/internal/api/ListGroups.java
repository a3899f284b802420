package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/groups/}: the groups the caller may see. */
final class ListGroups implements Endpoint {
  private final CommunalCore core;

  ListGroups(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(PageJson.of(core.groups().list(call.caller(), PageJson.request(call)),
        "groups", "api/groups/", call, g -> GroupJson.of(g, call)));
  }
}
