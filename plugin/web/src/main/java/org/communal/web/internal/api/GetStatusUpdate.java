package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/status-updates/{sid}/}: one CI status update. */
final class GetStatusUpdate implements Endpoint {
  private final CommunalCore core;

  GetStatusUpdate(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(StatusUpdateJson.of(core.statusUpdates().get(call.viewer(),
        call.idParam("id", "review request"), call.idParam("sid", "status update")), call));
  }
}
