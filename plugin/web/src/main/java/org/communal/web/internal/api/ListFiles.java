package org.communal.web.internal.api;

import java.util.List;
import java.util.Map;
import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.core.RevisionFile;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/diffs/{rev}/files/}: in upload order. */
final class ListFiles implements Endpoint {
  private final DiffRevisions diffs;

  ListFiles(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    int revision = DiffParams.revision(call, "rev");
    List<RevisionFile> files = diffs.files(call.viewer(), id, revision);
    return Reply.ok(Map.of("total_results", files.size(),
        "files", files.stream().map(f -> DiffJson.file(id, revision, f, call)).toList()));
  }
}
