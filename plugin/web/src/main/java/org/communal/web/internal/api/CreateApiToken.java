package org.communal.web.internal.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.core.ApiTokens;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/users/{username}/api-tokens/}: creates a token with a name, scopes and an
 * optional expiry; the value is in the answer and nowhere else, ever.
 */
final class CreateApiToken implements Endpoint {
  private final CommunalCore core;

  CreateApiToken(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    User owner = TokenOwner.of(call, core);
    TokenOwner.checkMayCreate(call);
    JsonFields in = call.jsonObject(Set.of("name", "scopes", "expires_at"));
    String name = in.string("name");
    Set<Permission> scopes = scopes(in, in.strings("scopes"));
    Optional<Instant> expires = Optional.ofNullable(in.instant("expires_at"));
    in.check();
    ApiTokens.Created created = core.apiTokens().create(owner, call.user(), name, scopes, expires);
    core.auditLog().record(Optional.of(call.user()), "token-created", "user:" + owner.username(),
        "token " + created.token().id() + " (" + created.token().prefix() + ")", call.remoteAddr());
    Map<String, Object> body = new LinkedHashMap<>(ApiTokenJson.of(created.token(), owner, call));
    body.put("token", created.value());
    return Reply.created(call.link(ApiTokenJson.path(owner) + created.token().id() + "/"), body);
  }

  private static Set<Permission> scopes(JsonFields in, List<String> names) {
    Set<Permission> scopes = EnumSet.noneOf(Permission.class);
    for (String n : names == null ? List.<String>of() : names) {
      Permission.fromWireName(n).ifPresentOrElse(scopes::add,
          () -> in.problem("scopes", "\"" + n + "\" is not a scope; use read, write or admin"));
    }
    return scopes;
  }
}
