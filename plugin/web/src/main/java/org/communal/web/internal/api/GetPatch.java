package org.communal.web.internal.api;

import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/diffs/{rev}/patch/}: the revision as one patch. */
final class GetPatch implements Endpoint {
  private final DiffRevisions diffs;

  GetPatch(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return patch(diffs, call);
  }

  static Reply patch(DiffRevisions diffs, Call call) {
    long id = call.idParam("id", "review request");
    int revision = DiffParams.revision(call, "rev");
    byte[] patch = diffs.patch(call.viewer(), id, revision);
    return Reply.ok(new Reply.Raw("text/x-patch;charset=utf-8", patch)).withHeader(
        "Content-Disposition", "inline; filename=\"r" + id + "-diff" + revision + ".patch\"");
  }
}
