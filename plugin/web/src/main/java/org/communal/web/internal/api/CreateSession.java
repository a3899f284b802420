package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Sessions;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/** {@code POST /api/session/}: signs in with a username and password, setting the cookie. */
final class CreateSession implements Endpoint {
  private final CommunalCore core;

  CreateSession(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    JsonFields in = call.jsonObject(Set.of("username", "password"));
    String username = in.string("username");
    String password = in.string("password");
    if (username == null) {
      in.problem("username", "is required");
    }
    if (password == null) {
      in.problem("password", "is required");
    }
    in.check();
    Sessions.Opened opened = core.signIn().signIn(username, password, call.remoteAddr());
    Call signedIn = call.as(opened.session().user());
    return new Reply(201, java.util.Map.of(), SessionJson.of(opened.session().user(),
        Optional.of(opened.session()), signedIn))
        .withHeader("Set-Cookie", SessionCookie.set(call, opened.cookieValue(),
            core.settings().sessionLifetime()));
  }
}
