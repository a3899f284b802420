package org.communal.web.internal.api;

import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.StatusUpdateChanges;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/review-requests/{id}/status-updates/{sid}/}: the reporter (or an admin) changes
 * the given fields ({@code summary}, {@code description}, {@code state}, {@code url}, {@code
 * timeout_seconds}); fields not given keep their value, and {@code null} removes the URL or the
 * timeout.
 */
final class UpdateStatusUpdate implements Endpoint {
  private static final Set<String> FIELDS = Set.of("summary", "description", "state", "url",
      "timeout_seconds");

  private final CommunalCore core;

  UpdateStatusUpdate(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    long sid = call.idParam("sid", "status update");
    JsonFields in = call.jsonObject(FIELDS);
    StatusUpdateChanges.Builder changes = changes(in);
    changes.problems().forEach(p -> in.problem(p.field(), p.reason()));
    in.check();
    return Reply.ok(StatusUpdateJson.of(core.statusUpdates().update(call.viewer(), id, sid,
        changes.build()), call));
  }

  private static StatusUpdateChanges.Builder changes(JsonFields in) {
    StatusUpdateChanges.Builder b = StatusUpdateChanges.builder();
    String summary = in.string("summary");
    String description = in.string("description");
    String state = in.string("state");
    String url = in.string("url");
    Long timeout = in.whole("timeout_seconds");
    b = summary == null ? b : b.summary(summary);
    b = description == null ? b : b.description(description);
    b = state == null ? b : b.state(state);
    b = in.has("url") ? b.url(url) : b;
    return in.has("timeout_seconds") ? b.timeoutSeconds(timeout) : b;
  }
}
