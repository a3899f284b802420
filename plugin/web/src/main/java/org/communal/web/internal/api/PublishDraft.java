package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.ReviewRequest;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/draft/publish/}: makes the draft's fields and diff
 * revision public, with one change description; answers the published review request.
 */
final class PublishDraft implements Endpoint {
  private final CommunalCore core;

  PublishDraft(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    ReviewRequest published = core.reviewRequests().publish(call.viewer(),
        call.idParam("id", "review request"));
    return Reply.ok(ReviewRequestJson.of(published, call));
  }
}
