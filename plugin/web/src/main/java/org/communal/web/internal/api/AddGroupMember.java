package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Groups.Group;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/** {@code POST /api/groups/{name}/members/} with {@code {"username": ...}}. */
final class AddGroupMember implements Endpoint {
  private final CommunalCore core;

  AddGroupMember(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    Group group = core.groups().get(call.param("name"), call.caller());
    JsonFields in = call.jsonObject(Set.of("username"));
    String username = in.string("username");
    if (username == null) {
      in.problem("username", "is required");
    }
    in.check();
    User member = core.users().get(username);
    Membership.checkMayChange(call, group, member);
    if (core.groups().addMember(group, member)) {
      core.auditLog().record(Optional.of(call.user()), "group-member-added",
          "group:" + group.name(), "user:" + member.username(), call.remoteAddr());
    }
    return Reply.created(call.link(GroupJson.path(group) + "members/" + member.username() + "/"),
        UserJson.of(member, call));
  }
}
