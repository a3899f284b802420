package org.communal.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communal.core.CommunalException;
import org.communal.core.InvalidInputException;
import org.communal.core.TooManyAttemptsException;
import org.communal.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: each code maps to one status, and the body is
 * {@code application/problem+json} (RFC 9457) with the stable code beside the standard fields.
 */
public final class Problems {
  /** The media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private static final Map<String, Integer> STATUS_BY_CODE = Map.of(
      "not-found", 404,
      "invalid-field", 400,
      "permission-denied", 403,
      "invalid-state", 409,
      "already-exists", 409,
      "invalid-credentials", 401,
      "too-many-attempts", 429,
      "database-unavailable", 503);

  private Problems() {}

  /**
   * The reply for a failure.
   *
   * @param error what went wrong
   * @param instance the request path, reported as the problem's instance
   */
  public static Reply of(Throwable error, String instance) {
    if (error instanceof ApiException api) {
      return reply(api.status(), api.code(), api.getMessage(), instance, Map.of());
    }
    if (error instanceof InvalidInputException invalid) {
      List<Map<String, String>> params = invalid.problems().stream()
          .map(p -> Map.of("name", p.field(), "reason", p.reason())).toList();
      return reply(400, invalid.code(), "Invalid input: " + invalid.getMessage(), instance,
          Map.of("invalid_params", params));
    }
    if (error instanceof TooManyAttemptsException tooMany) {
      long seconds = Math.max(1, tooMany.retryAfter().toSeconds());
      return reply(429, tooMany.code(), tooMany.getMessage(), instance, Map.of())
          .withHeader("Retry-After", String.valueOf(seconds));
    }
    if (error instanceof CommunalException known) {
      int status = STATUS_BY_CODE.getOrDefault(known.code(), 500);
      return reply(status, known.code(), known.getMessage(), instance, Map.of());
    }
    String reference = UUID.randomUUID().toString();
    LOG.error("Unexpected failure on {} (reference {})", instance, reference, error);
    return reply(500, "internal-error", "Communal failed unexpectedly. Nothing was changed."
        + " An admin can find the details in the server log under reference " + reference + ".",
        instance, Map.of("reference", reference));
  }

  private static Reply reply(int status, String code, String detail, String instance,
      Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, String> headers = status == 401
        ? Map.of("WWW-Authenticate", "Token realm=\"Communal\"") : Map.of();
    body.put("type", "urn:communal:problem:" + code);
    body.put("title", titleOf(code));
    body.put("status", status);
    body.put("code", code);
    body.put("detail", detail);
    body.put("instance", instance);
    body.putAll(extra);
    return new Reply(status, headers, body);
  }

  private static String titleOf(String code) {
    String words = code.replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
