package org.communal.web.internal.api;

import org.communal.web.AccountsHost;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/session/}: who the caller is and, for a browser session, its CSRF token. */
final class GetSession implements Endpoint {
  @Override
  public Reply handle(Call call) {
    return Reply.ok(SessionJson.of(call.user(), AccountsHost.session(call.request()), call));
  }
}
