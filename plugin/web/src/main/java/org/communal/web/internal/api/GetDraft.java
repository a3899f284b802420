package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/draft/}: the unpublished changes, to their owner. */
final class GetDraft implements Endpoint {
  private final CommunalCore core;

  GetDraft(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    return core.reviewRequests().draft(call.viewer(), id)
        .map(d -> Reply.ok(DraftJson.of(d, call)))
        .orElseThrow(() -> new ApiException(404, "not-found", "Review request " + id
            + " has no draft: PATCH " + call.link(DraftJson.path(id)) + " to start one."));
  }
}
