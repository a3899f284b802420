package org.communal.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communal.core.CommunalException;
import org.communal.core.InvalidInputException;
import org.communal.core.TooManyAttemptsException;
import org.communal.diff.DiffException;
import org.communal.diff.DiffProblem;
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

  private static final Map<String, Integer> STATUS_BY_CODE = Map.ofEntries(
      Map.entry("not-found", 404),
      Map.entry("invalid-field", 400),
      Map.entry("permission-denied", 403),
      Map.entry("invalid-state", 409),
      Map.entry("already-exists", 409),
      Map.entry("invalid-credentials", 401),
      Map.entry("too-many-attempts", 429),
      Map.entry("database-unavailable", 503),
      Map.entry("content-unavailable", 409),
      Map.entry("comment-out-of-range", 400),
      // The repository host failed us: a gateway problem, not the caller's.
      Map.entry("repository-unreachable", 502),
      Map.entry("repository-not-found", 502),
      Map.entry("repository-auth-required", 502),
      Map.entry("repository-not-a-repository", 502),
      Map.entry("repository-fetch-failed", 502),
      Map.entry("repository-timeout", 504),
      Map.entry("repository-cancelled", 503),
      Map.entry("repository-bad-url", 400),
      Map.entry("repository-not-mirrored", 409),
      Map.entry("repository-mirrors-closed", 503),
      Map.entry("unknown-commit", 400),
      Map.entry("bad-revision", 400),
      Map.entry("bad-path", 400),
      Map.entry("file-too-large", 413),
      Map.entry(ClientGoneException.CODE, 400));

  /**
   * The codes of refusals a server makes itself, before the servlet sees the request; a status
   * not named here gets {@code bad-request} (4xx) or {@code internal-error} (5xx).
   */
  private static final Map<Integer, String> CODE_BY_STATUS = Map.of(
      400, "bad-request",
      404, "not-found",
      405, "method-not-allowed",
      408, "request-timeout",
      413, "request-too-large",
      414, "uri-too-long",
      415, "unsupported-media-type",
      431, "headers-too-large",
      503, "unavailable",
      505, "http-version-not-supported");

  private Problems() {}

  /**
   * The reply for a request the server refused before the servlet saw it (a malformed URI, a
   * bad header), which names no resource.
   *
   * @param status the status the server chose
   * @param reason what the server said was wrong, shown for a 4xx only (a 5xx's reason may be an
   *     exception's text); may be null
   */
  public static Reply ofStatus(int status, String reason) {
    String code = CODE_BY_STATUS.getOrDefault(status, status < 500 ? "bad-request"
        : "internal-error");
    String detail = status < 500
        ? "The request was refused before it reached Communal" + (reason == null ? "" : ": "
            + abbreviated(reason)) + ". Send a well-formed request to a path listed at /api/."
        : "The server failed to answer this request. Nothing was changed.";
    return reply(status, code, detail, null, Map.of());
  }

  private static String abbreviated(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /**
   * The reply for a failure.
   *
   * @param error what went wrong
   * @param instance the request path, reported as the problem's instance
   */
  public static Reply of(Throwable error, String instance) {
    if (ClientGoneException.isClientGone(error)) {
      return clientGone(error, instance);
    }
    if (error instanceof ApiException api) {
      return reply(api.status(), api.code(), api.getMessage(), instance, Map.of());
    }
    if (error instanceof InvalidInputException invalid) {
      List<Map<String, String>> params = invalid.problems().stream()
          .map(p -> Map.of("name", p.field(), "reason", p.reason())).toList();
      return reply(400, invalid.code(), "Invalid input: " + invalid.getMessage(), instance,
          Map.of("invalid_params", params));
    }
    if (error instanceof DiffException diff) {
      List<Map<String, Object>> problems = diff.problems().stream().map(Problems::problem)
          .toList();
      return reply(diff.code().equals(DiffException.TOO_BIG) ? 413 : 400, diff.code(),
          diff.getMessage(), instance, Map.of("problems", problems));
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

  /** A client that went away: routine, so one line at INFO; the answer is for one still there. */
  private static Reply clientGone(Throwable error, String instance) {
    ClientGoneException.log("while its request to " + instance + " was served", error);
    String detail = error instanceof ClientGoneException ? error.getMessage()
        : "The client went away before the request was complete; send it again.";
    return reply(STATUS_BY_CODE.get(ClientGoneException.CODE), ClientGoneException.CODE, detail,
        instance, Map.of());
  }

  private static Map<String, Object> problem(DiffProblem p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("message", p.message());
    if (p.line() > 0) {
      json.put("line", p.line());
    }
    if (p.path() != null) {
      json.put("file", p.path());
    }
    if (p.hunk() > 0) {
      json.put("hunk", p.hunk());
    }
    return json;
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
    if (instance != null) {
      body.put("instance", instance);
    }
    body.putAll(extra);
    return new Reply(status, headers, body);
  }

  private static String titleOf(String code) {
    String words = code.replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
