package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/repositories/}: by name. */
final class ListRepositories implements Endpoint {
  private final CommunalCore core;

  ListRepositories(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(PageJson.of(core.repositories().list(PageJson.request(call)),
        "repositories", "api/repositories/", call, r -> RepositoryJson.of(r, call)));
  }
}
