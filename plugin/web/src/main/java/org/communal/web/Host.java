package org.communal.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.communal.core.Caller;
import org.communal.core.Permission;

/**
 * What the environment Communal runs in (the standalone server, or Jenkins) tells the web layer
 * about a request: who is calling, what they may do everywhere, and how CSRF is enforced. Rules
 * about single objects (only the submitter edits a review request) live in Communal itself and
 * build on these answers. Implementations must be thread-safe; {@code HostContractTest} states the
 * contract every implementation must pass.
 */
public interface Host {
  /**
   * Who makes this request. A request without credentials is anonymous; a forged or expired
   * session cookie counts as none.
   *
   * @throws ApiException 401 {@code unauthenticated} when the request carries an API token that
   *     is unknown, revoked or expired (a script must learn that its token is bad)
   */
  Caller authenticate(HttpServletRequest request);

  /**
   * Whether the caller holds a permission everywhere: what their account may do, limited by the
   * credential's scopes. Anonymous callers hold at most {@link Permission#READ}.
   */
  boolean has(Caller caller, Permission permission);

  /**
   * Rejects a state-changing request (anything but GET, HEAD and OPTIONS) that lacks proof it was
   * sent by Communal's own pages, when the caller's credential travels automatically (a cookie).
   *
   * @throws ApiException 403 {@code csrf-token-invalid} when the proof is missing or wrong
   */
  void checkCsrf(HttpServletRequest request, Caller caller);

  /**
   * Whether Communal keeps its own accounts (standalone: sign-in, passwords, admin of users), or
   * the host does (Jenkins).
   */
  boolean managesAccounts();

  /**
   * The absolute URI under which the servlet's paths live, ending in {@code /}; links in
   * responses are built from it. The default derives it from the request (scheme, host, context
   * path, servlet path); hosts that proxy requests to the servlet override it.
   */
  default URI baseUri(HttpServletRequest request) {
    String port = (request.getScheme().equals("http") && request.getServerPort() == 80)
        || (request.getScheme().equals("https") && request.getServerPort() == 443)
        ? "" : ":" + request.getServerPort();
    return BaseUris.of(request.getScheme() + "://" + request.getServerName() + port
        + request.getContextPath() + request.getServletPath() + "/");
  }
}
