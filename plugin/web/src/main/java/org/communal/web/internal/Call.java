package org.communal.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.core.InvalidInputException;
import org.communal.core.User;
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
  private final Optional<User> user;
  private final URI baseUri;

  private Call(HttpServletRequest request, Map<String, String> pathParams, Optional<User> user,
      URI baseUri) {
    this.request = request;
    this.pathParams = Map.copyOf(pathParams);
    this.user = user;
    this.baseUri = baseUri;
  }

  /** The call for a request routed with these path values; asks the host who is calling. */
  public static Call of(HttpServletRequest request, Map<String, String> pathParams, Host host) {
    return new Call(request, pathParams, host.currentUser(request), host.baseUri(request));
  }

  /** The caller, or empty when anonymous. */
  public Optional<User> user() {
    return user;
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
    String raw = request.getParameter(name);
    if (raw == null || raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of(name, "must be a whole number, was \"" + raw + "\"");
    }
  }

  /** An absolute link to a path below the API's base, such as {@code api/review-requests/1/}. */
  public String link(String relativePath) {
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
    if (request.getContentLengthLong() > MAX_JSON_BODY) {
      throw tooLarge();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_JSON_BODY + 1);
      if (body.length > MAX_JSON_BODY) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the request body failed", e);
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "request-too-large",
        "The JSON body is larger than " + MAX_JSON_BODY + " bytes; send less.");
  }
}
