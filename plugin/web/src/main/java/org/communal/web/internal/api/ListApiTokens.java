package org.communal.web.internal.api;

import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/users/{username}/api-tokens/}: the user's tokens, newest first. */
final class ListApiTokens implements Endpoint {
  private final CommunalCore core;

  ListApiTokens(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    User owner = TokenOwner.of(call, core);
    return Reply.ok(Map.of("api_tokens", core.apiTokens().list(owner).stream()
        .map(t -> ApiTokenJson.of(t, owner, call)).toList()));
  }
}
