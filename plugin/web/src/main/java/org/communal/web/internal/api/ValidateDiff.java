package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.core.ValidatedDiff;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/diffs/validate/}: checks an upload as an upload would
 * (parse, limits, applying to the base commit) and stores nothing.
 */
final class ValidateDiff implements Endpoint {
  private final DiffRevisions diffs;

  ValidateDiff(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    ValidatedDiff checked = diffs.validate(call.context(), call.viewer(),
        call.idParam("id", "review request"), DiffParams.upload(call));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("valid", true);
    json.put("base_commit_id", checked.baseCommitId().orElse(null));
    json.put("applied_to_base", checked.appliedToBase());
    json.put("files", checked.files().stream().map(DiffJson::change).toList());
    return Reply.ok(json);
  }
}
