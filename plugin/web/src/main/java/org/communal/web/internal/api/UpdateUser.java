package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PATCH /api/users/{username}/}: a user changes their display name and email; an admin
 * also disables, re-enables, or grants and takes away admin (never on their own account, so that
 * nobody locks themselves out).
 */
final class UpdateUser implements Endpoint {
  private static final Set<String> FIELDS = Set.of("display_name", "email", "active", "admin");

  private final CommunalCore core;

  UpdateUser(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    User target = core.users().get(call.param("username"));
    checkMayEdit(call, target);
    JsonFields in = call.jsonObject(FIELDS);
    String display = in.string("display_name");
    String email = in.string("email");
    Boolean active = in.bool("active");
    Boolean admin = in.bool("admin");
    checkAdminFields(call, target, in, active, admin);
    in.check();
    User updated = core.users().updateProfile(target, display, email);
    if (active != null && active != target.active()) {
      updated = core.users().setActive(updated, active);
      audit(call, active ? "user-enabled" : "user-disabled", updated);
    }
    if (admin != null && admin != target.admin()) {
      updated = core.users().setAdmin(updated, admin);
      audit(call, admin ? "admin-granted" : "admin-revoked", updated);
    }
    return Reply.ok(UserJson.of(updated, call));
  }

  private static void checkMayEdit(Call call, User target) {
    if (!call.isSelfOrAdmin(target)) {
      throw new ApiException(403, "permission-denied",
          "Only " + target.username() + " or an admin may change this account.");
    }
  }

  private static void checkAdminFields(Call call, User target, JsonFields in, Boolean active,
      Boolean admin) {
    boolean adminFields = active != null || admin != null;
    if (adminFields && !call.may(Permission.ADMIN)) {
      throw new ApiException(403, "permission-denied",
          "Only admins enable, disable or grant admin to accounts.");
    }
    if (adminFields && call.caller().is(target)) {
      in.problem(active != null ? "active" : "admin",
          "admins cannot disable themselves or drop their own admin; ask another admin");
    }
  }

  private void audit(Call call, String action, User target) {
    core.auditLog().record(Optional.of(call.user()), action, "user:" + target.username(), "",
        call.remoteAddr());
  }
}
