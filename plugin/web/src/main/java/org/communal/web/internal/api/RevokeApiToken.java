package org.communal.web.internal.api;

import java.util.Optional;
import org.communal.core.ApiTokens.ApiToken;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/users/{username}/api-tokens/{id}/}: revokes a token at once. */
final class RevokeApiToken implements Endpoint {
  private final CommunalCore core;

  RevokeApiToken(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    User owner = TokenOwner.of(call, core);
    call.require(Permission.WRITE);
    ApiToken revoked = core.apiTokens().revoke(owner, call.idParam("id", "API token"));
    core.auditLog().record(Optional.of(call.user()), "token-revoked", "user:" + owner.username(),
        "token " + revoked.id() + " (" + revoked.prefix() + ")", call.remoteAddr());
    return Reply.ok(ApiTokenJson.of(revoked, owner, call));
  }
}
