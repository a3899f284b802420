package org.communal.web.internal.api;

import java.util.List;
import java.util.Map;
import org.communal.core.DiffRevision;
import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/diffs/}: the revisions, oldest first. */
final class ListDiffs implements Endpoint {
  private final DiffRevisions diffs;

  ListDiffs(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    List<DiffRevision> revisions = diffs.list(call.viewer(), call.idParam("id", "review request"));
    return Reply.ok(Map.of("total_results", revisions.size(),
        "diffs", revisions.stream().map(d -> DiffJson.revision(d, call)).toList()));
  }
}
