package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.communal.core.CommunalCore;
import org.communal.core.InvalidInputException;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.AccountsHost;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PUT /api/users/{username}/password/}: a user changes their password (giving the current
 * one), which ends their other sessions; an admin resets someone else's, which the user must
 * change at next sign-in.
 */
final class ChangePassword implements Endpoint {
  private final CommunalCore core;
  private final Consumer<User> changed;

  ChangePassword(CommunalCore core, Consumer<User> changed) {
    this.core = core;
    this.changed = changed;
  }

  @Override
  public Reply handle(Call call) {
    // No require(): this is what an account that must change its password may still do.
    if (call.caller().isAnonymous()) {
      throw Call.unauthenticated();
    }
    User target = core.users().get(call.param("username"));
    boolean self = call.caller().is(target);
    if (!call.may(Permission.WRITE) || !call.isSelfOrAdmin(target)) {
      throw new ApiException(403, "permission-denied",
          "Only " + target.username() + " or an admin may set this password.");
    }
    JsonFields in = call.jsonObject(Set.of("current_password", "new_password"));
    String current = in.string("current_password");
    String next = in.string("new_password");
    in.check();
    if (self && core.users().checkPassword(target.username(), current).isEmpty()) {
      throw InvalidInputException.of("current_password", "is wrong");
    }
    User updated = core.users().setPassword(target, next, !self);
    core.sessions().closeAll(updated, self ? AccountsHost.session(call.request())
        .map(s -> s.id()) : Optional.empty());
    core.auditLog().record(call.caller().user(), self ? "password-changed" : "password-reset",
        "user:" + target.username(), "", call.remoteAddr());
    changed.accept(updated);
    return Reply.ok(UserJson.of(updated, call));
  }
}
