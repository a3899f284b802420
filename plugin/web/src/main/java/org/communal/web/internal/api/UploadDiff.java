package org.communal.web.internal.api;

import org.communal.core.DiffRevision;
import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/diffs/}: uploads a new revision to the draft; it is public
 * once the draft is published. See {@link DiffParams#upload} for the body.
 */
final class UploadDiff implements Endpoint {
  private final DiffRevisions diffs;

  UploadDiff(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    DiffRevision stored = diffs.upload(call.context(), call.viewer(), id, DiffParams.upload(call));
    return Reply.created(call.link(DiffJson.path(id, stored.revision())),
        DiffJson.revision(stored, call));
  }
}
