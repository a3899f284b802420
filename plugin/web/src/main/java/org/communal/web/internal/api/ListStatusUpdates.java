package org.communal.web.internal.api;

import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.Page;
import org.communal.core.Permission;
import org.communal.core.StatusUpdate;
import org.communal.core.Viewer;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/{id}/status-updates/}: a page of the review request's CI status
 * updates, oldest first, with the {@code summary} of all of them (counts per state and the
 * {@code overall} state).
 */
final class ListStatusUpdates implements Endpoint {
  private final CommunalCore core;

  ListStatusUpdates(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    Viewer viewer = call.viewer();
    Page<StatusUpdate> page = core.statusUpdates().list(viewer, id, PageJson.request(call));
    Map<String, Object> body = PageJson.of(page, "status_updates",
        StatusUpdateJson.listPath(id), call, s -> StatusUpdateJson.of(s, call));
    body.put("summary", StatusUpdateJson.summary(core.statusUpdates().summary(viewer, id)));
    return Reply.ok(body);
  }
}
