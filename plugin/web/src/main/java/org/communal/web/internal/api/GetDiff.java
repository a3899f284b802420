package org.communal.web.internal.api;

import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/{id}/diffs/{rev}/}: one revision; with {@code Accept:
 * text/x-patch}, its patch.
 */
final class GetDiff implements Endpoint {
  private final DiffRevisions diffs;

  GetDiff(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    String accept = call.request().getHeader("Accept");
    if (accept != null && accept.contains("text/x-patch")) {
      return GetPatch.patch(diffs, call);
    }
    return Reply.ok(DiffJson.revision(diffs.get(call.viewer(), call.idParam("id",
        "review request"), DiffParams.revision(call, "rev")), call));
  }
}
