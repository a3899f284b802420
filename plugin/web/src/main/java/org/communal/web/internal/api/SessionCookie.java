package org.communal.web.internal.api;

import java.net.URI;
import java.time.Duration;
import org.communal.web.AccountsHost;
import org.communal.web.internal.Call;

/** The Set-Cookie values for the session cookie. */
final class SessionCookie {
  private SessionCookie() {}

  static String set(Call call, String value, Duration lifetime) {
    return AccountsHost.COOKIE + "=" + value + attributes(call) + "; Max-Age="
        + lifetime.toSeconds();
  }

  static String clear(Call call) {
    return AccountsHost.COOKIE + "=" + attributes(call) + "; Max-Age=0";
  }

  private static String attributes(Call call) {
    String path = URI.create(call.link("")).getPath();
    return "; Path=" + path + "; HttpOnly; SameSite=Lax"
        + (call.request().isSecure() ? "; Secure" : "");
  }
}
