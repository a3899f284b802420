package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communal.core.ChangeDescription;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/review-requests/{id}/changes/}: one change description per publish. */
final class ListChanges implements Endpoint {
  private final CommunalCore core;

  ListChanges(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    List<ChangeDescription> changes = core.reviewRequests().changes(call.viewer(),
        call.idParam("id", "review request"));
    return Reply.ok(Map.of("changes", changes.stream().map(ListChanges::json).toList(),
        "total_results", changes.size()));
  }

  private static Map<String, Object> json(ChangeDescription c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", c.id());
    json.put("user", c.user().username());
    json.put("text", c.text());
    json.put("fields_changed", c.fieldsChanged());
    json.put("timestamp", c.createdAt());
    return json;
  }
}
