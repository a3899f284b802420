package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/repositories/{id}/fetch/} (writers): fetches the mirror now, as a sub-request
 * of this request (a client that hangs up cancels it); answers the repository with the result.
 */
final class FetchRepository implements Endpoint {
  private final CommunalCore core;
  private final DiffRevisions diffs;

  FetchRepository(CommunalCore core, DiffRevisions diffs) {
    this.core = core;
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "repository");
    core.repositories().get(id);
    return Reply.ok(RepositoryJson.of(diffs.fetchRepository(call.context(), id), call));
  }
}
