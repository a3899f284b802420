package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Groups.Group;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/** {@code POST /api/groups/} (admins): creates an open or invite-only group. */
final class CreateGroup implements Endpoint {
  private final CommunalCore core;

  CreateGroup(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    JsonFields in = call.jsonObject(Set.of("name", "display_name", "invite_only"));
    String name = in.string("name");
    String display = in.string("display_name");
    boolean inviteOnly = Boolean.TRUE.equals(in.bool("invite_only"));
    in.check();
    Group group = core.groups().create(name, display, inviteOnly);
    core.auditLog().record(Optional.of(call.user()), "group-created", "group:" + group.name(),
        inviteOnly ? "invite-only" : "open", call.remoteAddr());
    return Reply.created(call.link(GroupJson.path(group)), GroupJson.of(group, call));
  }
}
