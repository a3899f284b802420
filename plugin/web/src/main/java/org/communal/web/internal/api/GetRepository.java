package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/repositories/{id}/}: with the state of its mirror. */
final class GetRepository implements Endpoint {
  private final CommunalCore core;

  GetRepository(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(RepositoryJson.of(core.repositories().get(
        call.idParam("id", "repository")), call));
  }
}
