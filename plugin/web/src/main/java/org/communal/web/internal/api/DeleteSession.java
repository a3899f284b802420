package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.Sessions;
import org.communal.web.AccountsHost;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/session/}: signs out, ending the session and clearing the cookie. */
final class DeleteSession implements Endpoint {
  private final CommunalCore core;

  DeleteSession(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    Sessions.Session session = AccountsHost.session(call.request())
        .orElseThrow(Call::unauthenticated);
    String cookie = AccountsHost.cookieOf(call.request()).orElseThrow(Call::unauthenticated);
    core.signIn().signOut(session, cookie, call.remoteAddr());
    call.reviewSessions().closeAll(session.user());
    return Reply.noContent().withHeader("Set-Cookie", SessionCookie.clear(call));
  }
}
