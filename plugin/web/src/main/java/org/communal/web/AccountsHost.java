package org.communal.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.Sessions;
import org.communal.core.User;

/**
 * The standalone server's host: Communal's own accounts, browser sessions in an {@code HttpOnly},
 * {@code SameSite=Lax} cookie with a CSRF token for every state-changing request, and API tokens
 * in {@code Authorization: token <value>}. Thread-safe.
 */
public final class AccountsHost implements Host {
  /** The session cookie's name. */
  public static final String COOKIE = "communal_session";
  /** The header that carries the CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final String SESSION_ATTRIBUTE = AccountsHost.class.getName() + ".session";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final CommunalCore core;
  private final boolean anonymousRead;

  /**
   * @param core where accounts, sessions and tokens live
   * @param anonymousRead whether callers who are not signed in may read
   */
  public AccountsHost(CommunalCore core, boolean anonymousRead) {
    this.core = core;
    this.anonymousRead = anonymousRead;
  }

  @Override
  public Caller authenticate(HttpServletRequest request) {
    Optional<String> token = tokenOf(request);
    if (token.isPresent()) {
      return core.apiTokens().resolve(token.get()).orElseThrow(() -> new ApiException(401,
          "unauthenticated", "The API token is unknown, revoked or expired. Create a new one."));
    }
    Optional<Sessions.Session> session = cookieOf(request).flatMap(core.sessions()::resolve);
    session.ifPresent(s -> request.setAttribute(SESSION_ATTRIBUTE, s));
    return session.map(s -> Caller.session(s.user())).orElse(Caller.anonymous());
  }

  @Override
  public boolean has(Caller caller, Permission permission) {
    if (caller.user().isEmpty()) {
      return anonymousRead && permission == Permission.READ;
    }
    User user = caller.user().get();
    boolean accountMay = user.active() && (permission != Permission.ADMIN || user.admin());
    return accountMay && caller.scopes().contains(permission);
  }

  @Override
  public void checkCsrf(HttpServletRequest request, Caller caller) {
    if (caller.credential() != Caller.Credential.SESSION
        || SAFE_METHODS.contains(request.getMethod())) {
      return;
    }
    String expected = session(request).map(Sessions.Session::csrfToken).orElse("");
    String given = Optional.ofNullable(request.getHeader(CSRF_HEADER)).orElse("");
    if (given.isEmpty() || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(403, "csrf-token-invalid", "This request changes data and was sent"
          + " with the session cookie, so it needs the session's CSRF token in the "
          + CSRF_HEADER + " header (GET /api/session/ returns it). Scripts should use an API"
          + " token instead.");
    }
  }

  @Override
  public boolean managesAccounts() {
    return true;
  }

  /** The session this request authenticated with, if it used one. */
  public static Optional<Sessions.Session> session(HttpServletRequest request) {
    return Optional.ofNullable((Sessions.Session) request.getAttribute(SESSION_ATTRIBUTE));
  }

  /** The value of the session cookie, if the request carries one. */
  public static Optional<String> cookieOf(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
        return Optional.of(c.getValue());
      }
    }
    return Optional.empty();
  }

  /** White space between the scheme and the credential: what {@code \\s} matches. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static Optional<String> tokenOf(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    // "<scheme> <value>", split at the first run of white space (read on every request, so
    // without a regular expression).
    String value = header.strip();
    int space = 0;
    while (space < value.length() && !isSpace(value.charAt(space))) {
      space++;
    }
    String scheme = value.substring(0, space);
    int start = space;
    while (start < value.length() && isSpace(value.charAt(start))) {
      start++;
    }
    String credential = value.substring(start);
    boolean token = !credential.isEmpty() && (scheme.equalsIgnoreCase("token")
        || scheme.equalsIgnoreCase("bearer"));
    if (!token) {
      throw new ApiException(401, "unauthenticated", "The Authorization header must be"
          + " \"token <value>\" with an API token.");
    }
    return Optional.of(credential);
  }
}
