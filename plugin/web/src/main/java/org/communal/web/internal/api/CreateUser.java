package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.Users;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/users/} (admins): creates an account that must change its password at first
 * sign-in. Without a password one is generated and returned once, in {@code one_time_password}.
 */
final class CreateUser implements Endpoint {
  private static final Set<String> FIELDS =
      Set.of("username", "display_name", "email", "admin", "password");

  private final CommunalCore core;

  CreateUser(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    JsonFields in = call.jsonObject(FIELDS);
    NewUser user = new NewUser(in.string("username"), in.string("display_name"),
        Optional.ofNullable(in.string("email")), Boolean.TRUE.equals(in.bool("admin")),
        Optional.ofNullable(in.string("password")));
    in.check();
    Users.Created created = core.users().create(user);
    core.auditLog().record(Optional.of(call.user()), "user-created",
        "user:" + created.user().username(), created.user().admin() ? "admin" : "",
        call.remoteAddr());
    Map<String, Object> body = new LinkedHashMap<>(UserJson.of(created.user(), call));
    if (user.password().isEmpty()) {
      body.put("one_time_password", created.password());
    }
    return Reply.created(call.link(UserJson.path(created.user())), body);
  }
}
