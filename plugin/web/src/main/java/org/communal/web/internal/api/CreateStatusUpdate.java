package org.communal.web.internal.api;

import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.NewStatusUpdate;
import org.communal.core.Permission;
import org.communal.core.StatusUpdate;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/{id}/status-updates/}: a CI service reports a check
 * ({@code service_id}, {@code summary}, optional {@code description}, {@code state} (default
 * pending), {@code url}, {@code timeout_seconds} and {@code revision}).
 */
final class CreateStatusUpdate implements Endpoint {
  private static final Set<String> FIELDS = Set.of("service_id", "summary", "description",
      "state", "url", "timeout_seconds", "revision");

  private final CommunalCore core;

  CreateStatusUpdate(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    JsonFields in = call.jsonObject(FIELDS);
    NewStatusUpdate.Builder update = NewStatusUpdate.builder()
        .serviceId(in.string("service_id"))
        .summary(in.string("summary"))
        .description(in.string("description"))
        .state(in.string("state"))
        .url(in.string("url"))
        .timeoutSeconds(in.whole("timeout_seconds"))
        .revision(in.whole("revision"));
    // The value rules join the type problems, so that one answer names every bad field.
    update.problems().forEach(p -> in.problem(p.field(), p.reason()));
    in.check();
    StatusUpdate created = core.statusUpdates().create(call.viewer(), id, update.build());
    return Reply.created(call.link(StatusUpdateJson.path(id, created.id())),
        StatusUpdateJson.of(created, call));
  }
}
