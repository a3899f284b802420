package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/status-updates/{sid}/retry/}: asks for a failed, errored
 * or timed-out check to run again; it becomes pending, and CI services hear of it through the
 * {@code status_update_changed} event.
 */
final class RetryStatusUpdate implements Endpoint {
  private final CommunalCore core;

  RetryStatusUpdate(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    return Reply.ok(StatusUpdateJson.of(core.statusUpdates().requestRetry(call.viewer(),
        call.idParam("id", "review request"), call.idParam("sid", "status update")), call));
  }
}
