package org.communal.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import org.communal.core.User;

/**
 * What the environment Communal runs in (the standalone server, or Jenkins) tells the web layer
 * about a request. Implementations must be thread-safe.
 */
public interface Host {
  /**
   * Who is making this request.
   *
   * @return the signed-in user, or empty for an anonymous caller
   */
  Optional<User> currentUser(HttpServletRequest request);

  /**
   * The absolute URI under which the servlet's paths live, ending in {@code /}; links in
   * responses are built from it. The default derives it from the request (scheme, host, context
   * path, servlet path); hosts that proxy requests to the servlet override it.
   */
  default URI baseUri(HttpServletRequest request) {
    String port = (request.getScheme().equals("http") && request.getServerPort() == 80)
        || (request.getScheme().equals("https") && request.getServerPort() == 443)
        ? "" : ":" + request.getServerPort();
    return URI.create(request.getScheme() + "://" + request.getServerName() + port
        + request.getContextPath() + request.getServletPath() + "/");
  }
}
