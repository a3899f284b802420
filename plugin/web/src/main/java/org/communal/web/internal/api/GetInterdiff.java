package org.communal.web.internal.api;

import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/{id}/diffs/{rev}/interdiff/{other}/}: what the author changed
 * from revision {@code rev} to revision {@code other}, without upstream changes between their
 * base commits.
 */
final class GetInterdiff implements Endpoint {
  private final DiffRevisions diffs;

  GetInterdiff(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    return Reply.ok(DiffJson.interdiff(diffs.interdiff(call.context(), call.viewer(),
        call.idParam("id", "review request"), DiffParams.revision(call, "rev"),
        DiffParams.revision(call, "other"), DiffParams.rowOptions(call))));
  }
}
