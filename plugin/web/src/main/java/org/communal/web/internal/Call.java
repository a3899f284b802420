package org.communal.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.context.Context;
import org.communal.core.Caller;
import org.communal.core.InvalidInputException;
import org.communal.core.Permission;
import org.communal.core.ReviewSessions;
import org.communal.core.User;
import org.communal.core.Viewer;
import org.communal.web.ApiException;
import org.communal.web.Host;

/**
 * One API call as an endpoint sees it: the request, the values taken from its path, the caller and
 * the base for links. Not thread-safe; lives for one request.
 */
public final class Call {
  /** The largest JSON body accepted, in bytes. */
  public static final int MAX_JSON_BODY = 1 << 20;

  private final HttpServletRequest request;
  private final Map<String, String> pathParams;
  private final Host host;
  private final Caller caller;
  private final Context context;
  private final Runnable bodyRead;
  private final ReviewSessions reviewSessions;
  private final URI baseUri;
  private final String base;

  private Call(HttpServletRequest request, Map<String, String> pathParams, Host host,
      Caller caller, Context context, Runnable bodyRead, ReviewSessions reviewSessions) {
    this.request = request;
    this.pathParams = Map.copyOf(pathParams);
    this.host = host;
    this.caller = caller;
    this.context = context;
    this.bodyRead = bodyRead;
    this.reviewSessions = reviewSessions;
    this.baseUri = host.baseUri(request);
    this.base = baseUri.toString();
  }

  /**
   * The call for a request routed with these path values, made by this caller.
   *
   * @param bodyRead told once the body has been read completely
   * @param reviewSessions the server's review sessions
   */
  public static Call of(HttpServletRequest request, Map<String, String> pathParams, Host host,
      Caller caller, Context context, Runnable bodyRead, ReviewSessions reviewSessions) {
    return new Call(request, pathParams, host, caller, context, bodyRead, reviewSessions);
  }

  /** The server's review sessions (one per reviewer and review request). */
  public ReviewSessions reviewSessions() {
    return reviewSessions;
  }

  /**
   * The request's context: what the endpoint opens (transactions, temporary files, remote calls)
   * is owned here and released when the response is written, or cancelled with the request.
   */
  public Context context() {
    return context;
  }

  /** The same call, as made by a user who just signed in with a session. */
  public Call as(User user) {
    return new Call(request, pathParams, host, Caller.session(user), context, bodyRead,
        reviewSessions);
  }

  /** A path value as given, such as a username. */
  public String param(String name) {
    return pathParams.get(name);
  }

  /** Who is calling. */
  public Caller caller() {
    return caller;
  }

  /** The underlying request, for endpoints that deal in cookies and sessions. */
  public HttpServletRequest request() {
    return request;
  }

  /** Whether the caller asked for JSON ({@code Accept: application/json} or {@code ?format=json}). */
  public boolean wantsJson() {
    String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
    return "json".equals(parameter("format")) || accept.contains("application/json");
  }

  /** The address the request came from. */
  public String remoteAddr() {
    return request.getRemoteAddr();
  }

  /** Whether the caller holds a permission (their account's rights, limited by the credential). */
  public boolean may(Permission permission) {
    return host.has(caller, permission);
  }

  /**
   * Requires a permission.
   *
   * @throws ApiException 401 {@code unauthenticated} for an anonymous caller, 403 {@code
   *     password-change-required} while the account must change its password, 403 {@code
   *     permission-denied} otherwise
   */
  public void require(Permission permission) {
    if (caller.user().map(User::mustChangePassword).orElse(false)) {
      throw new ApiException(403, "password-change-required", "Change your one-time password"
          + " first: PUT " + link("api/users/" + caller.user().get().username() + "/password/")
          + " with current_password and new_password.");
    }
    if (!may(permission)) {
      throw caller.isAnonymous() ? unauthenticated() : new ApiException(403,
          "permission-denied", "You may not do this: it needs the " + permission.wireName()
              + " permission" + (caller.credential() == Caller.Credential.TOKEN
              ? ", and the token's scopes must include it." : "."));
    }
  }

  /** Who is asking, for what they may see and change: admins only with an admin credential. */
  public Viewer viewer() {
    return caller.user().map(u -> Viewer.of(u, may(Permission.ADMIN))).orElse(Viewer.anonymous());
  }

  /** The signed-in user, after {@link #require(Permission)}. */
  public User user() {
    return caller.user().orElseThrow(Call::unauthenticated);
  }

  /** Whether the caller is this user, or an admin (with a credential that allows admin). */
  public boolean isSelfOrAdmin(User target) {
    return caller.is(target) || may(Permission.ADMIN);
  }

  /** 401 for a caller who must sign in. */
  public static ApiException unauthenticated() {
    return new ApiException(401, "unauthenticated", "Sign in (POST /api/session/) or send an API"
        + " token as \"Authorization: token <value>\".");
  }

  /** A numeric path value such as a review request id; one that does not fit is not found. */
  public long idParam(String name, String what) {
    String raw = pathParams.get(name);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not-found", "No " + what + " has id " + raw + ".");
    }
  }

  /** A whole-number query parameter, or the default when absent. */
  public int intQuery(String name, int defaultValue) {
    String raw = parameter(name);
    if (raw == null || raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of(name, "must be a whole number, was \"" + raw + "\"");
    }
  }

  /**
   * Whether a relative path is segments of unreserved characters, none starting with a dot: one
   * that resolves against a base ending in '/' by appending.
   */
  static boolean isPlainPath(String path) {
    boolean segmentStart = true;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/') {
        if (segmentStart) {
          return false; // "//" or a leading "/"
        }
        segmentStart = true;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '~' || (c == '.' && !segmentStart)) {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return true;
  }

  /** An absolute link to a path below the API's base, such as {@code api/review-requests/1/}. */
  public String link(String relativePath) {
    // A plain relative path (the API's own) only appends to the base, which ends in '/'; the
    // general resolution costs more than many a handler.
    if (isPlainPath(relativePath)) {
      return base + relativePath;
    }
    return baseUri.resolve(relativePath).toString();
  }

  /**
   * The body as a JSON object whose fields are all among {@code allowed}.
   *
   * @throws ApiException 415 if the body is not declared as JSON, 413 if it is too large, 400 if it
   *     is not a JSON object
   */
  public JsonFields jsonObject(Set<String> allowed) {
    String type = Optional.ofNullable(request.getContentType()).orElse("")
        .toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw new ApiException(415, "unsupported-media-type", "Send the body as application/json"
          + " (the request said \"" + type + "\"); with curl, add"
          + " -H 'Content-Type: application/json'.");
    }
    return JsonFields.of(Json.parse(readBody()), allowed);
  }

  private byte[] readBody() {
    return body(MAX_JSON_BODY, "The JSON body");
  }

  /**
   * The whole body, up to {@code max} bytes.
   *
   * @param what names the body in the error, such as "The diff upload"
   * @throws ApiException 413 {@code request-too-large} if it is larger
   */
  public byte[] body(long max, String what) {
    if (request.getContentLengthLong() > max) {
      throw tooLarge(what, max);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        throw tooLarge(what, max);
      }
      bodyRead.run();
      return body;
    } catch (IOException e) {
      throw ClientGoneException.readingBody(e);
    }
  }

  /** The request's media type, lower case, without parameters; empty if none. */
  public String mediaType() {
    String type = Optional.ofNullable(request.getContentType()).orElse("");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** A query parameter, if given and not empty. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(parameter(name)).filter(v -> !v.isEmpty());
  }

  /**
   * A query parameter, or null: the one place where they are read, so that each is text that
   * can be stored.
   *
   * @throws ApiException 400 {@code invalid-text} if the query cannot be decoded or the value
   *     cannot be stored
   */
  private String parameter(String name) {
    String value;
    try {
      value = request.getParameter(name);
    } catch (RuntimeException e) {
      // The container could not decode the query string: a malformed %-escape, or bytes that
      // are not UTF-8.
      throw Text.invalid("the query string", "a malformed %-escape or bytes that are not UTF-8",
          "percent-encode each parameter's UTF-8 bytes");
    }
    if (value != null) {
      Text.requireStorable("the query parameter " + name, value);
    }
    return value;
  }

  private static ApiException tooLarge(String what, long max) {
    return new ApiException(413, "request-too-large",
        what + " is larger than " + max + " bytes; send less.");
  }
}
