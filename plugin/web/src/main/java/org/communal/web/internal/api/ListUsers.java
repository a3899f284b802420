package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/users/}: every user, by username. */
final class ListUsers implements Endpoint {
  private final CommunalCore core;

  ListUsers(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(PageJson.of(core.users().list(PageJson.request(call)), "users",
        "api/users/", call, u -> UserJson.of(u, call)));
  }
}
