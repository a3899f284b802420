package org.communal.web.internal.api;

import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.Groups.Group;
import org.communal.core.NotFoundException;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/groups/{name}/members/{username}/}. */
final class RemoveGroupMember implements Endpoint {
  private final CommunalCore core;

  RemoveGroupMember(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    Group group = core.groups().get(call.param("name"), call.caller());
    User member = core.users().get(call.param("username"));
    Membership.checkMayChange(call, group, member);
    if (!core.groups().removeMember(group, member)) {
      throw new NotFoundException(member.username() + " is not a member of " + group.name() + ".");
    }
    core.auditLog().record(Optional.of(call.user()), "group-member-removed",
        "group:" + group.name(), "user:" + member.username(), call.remoteAddr());
    return Reply.noContent();
  }
}
