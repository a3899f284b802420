package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/review-requests/{id}/draft/}: throws the draft and its diff away. */
final class DeleteDraft implements Endpoint {
  private final CommunalCore core;

  DeleteDraft(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    core.reviewRequests().discardDraft(call.viewer(), call.idParam("id", "review request"));
    return Reply.noContent();
  }
}
