package org.communal.web.internal.api;

import org.communal.core.Groups.Group;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;

/** Who may change a group's members: admins always; anyone themselves, in an open group. */
final class Membership {
  private Membership() {}

  static void checkMayChange(Call call, Group group, User member) {
    call.require(Permission.WRITE);
    boolean selfInOpenGroup = call.caller().is(member) && !group.inviteOnly();
    if (!selfInOpenGroup && !call.may(Permission.ADMIN)) {
      throw new ApiException(403, "permission-denied", group.inviteOnly()
          ? "Only admins change the members of invite-only group " + group.name() + "."
          : "You may join or leave " + group.name() + " yourself; only admins change others.");
    }
  }
}
