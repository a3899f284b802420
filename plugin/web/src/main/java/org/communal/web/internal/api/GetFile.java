package org.communal.web.internal.api;

import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/diffs/{rev}/files/{file}/}. */
final class GetFile implements Endpoint {
  private final DiffRevisions diffs;

  GetFile(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    int revision = DiffParams.revision(call, "rev");
    return Reply.ok(DiffJson.file(id, revision, diffs.file(call.viewer(), id, revision,
        call.idParam("file", "file")), call));
  }
}
