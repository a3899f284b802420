package org.communal.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers: a status, extra headers and a JSON body (or none).
 *
 * @param status the HTTP status
 * @param headers headers to set besides the content type
 * @param body the value to write as JSON, or null for an empty body
 */
public record Reply(int status, Map<String, String> headers, Object body) {
  public Reply {
    headers = Map.copyOf(headers);
  }

  /** 200 with a JSON body. */
  public static Reply ok(Object body) {
    return new Reply(200, Map.of(), Objects.requireNonNull(body, "body"));
  }

  /** 201 with the new resource's location and representation. */
  public static Reply created(String location, Object body) {
    return new Reply(201, Map.of("Location", location), body);
  }

  /**
   * A body that is not JSON.
   *
   * @param contentType its media type, with the charset for text
   * @param bytes the body
   */
  public record Raw(String contentType, byte[] bytes) {}

  /** 200 with an HTML page. */
  public static Reply html(String page) {
    return new Reply(200, Map.of("Cache-Control", "no-store"),
        new Raw("text/html;charset=utf-8", page.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** 204 with no body. */
  public static Reply noContent() {
    return new Reply(204, Map.of(), null);
  }

  /**
   * The same reply with its body as bytes: a JSON body is written out, as {@code
   * application/problem+json} for an error and {@code application/json} otherwise.
   */
  public Reply rendered() {
    if (body == null || body instanceof Raw) {
      return this;
    }
    String type = (status >= 400 ? Problems.MEDIA_TYPE : "application/json") + ";charset=utf-8";
    return new Reply(status, headers, new Raw(type, Json.write(body)));
  }

  /** The same reply with one more header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, h, body);
  }
}
