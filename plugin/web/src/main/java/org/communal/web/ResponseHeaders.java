package org.communal.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every answer carries: the servlet's, and those a server that hosts it writes itself
 * (a refused URI, a bad header), so that their values live in one place.
 */
public final class ResponseHeaders {
  /**
   * Only the service's own scripts, styles and other content; no plugins; never inside a frame,
   * not even one of the service's own, since no page of it needs one (this stops clickjacking).
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
      + " style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
      + " frame-ancestors 'none'";
  /** Links to other sites do not tell them which review request they were followed from. */
  public static final String REFERRER_POLICY = "same-origin";

  private static final Map<String, String> EVERY = Map.of(
      "Content-Security-Policy", CONTENT_SECURITY_POLICY,
      "Referrer-Policy", REFERRER_POLICY,
      "X-Content-Type-Options", "nosniff");
  private static final Map<String, String> CREDENTIALED = withNoStore();

  private ResponseHeaders() {}

  private static Map<String, String> withNoStore() {
    Map<String, String> headers = new LinkedHashMap<>(EVERY);
    headers.put("Cache-Control", "no-store");
    return Map.copyOf(headers);
  }

  /**
   * The headers for an answer.
   *
   * @param credentialed whether the request carried a credential: its answer is then never
   *     stored, by the browser or anything in between
   */
  public static Map<String, String> of(boolean credentialed) {
    return credentialed ? CREDENTIALED : EVERY;
  }

  /**
   * Whether a request carries a credential: an {@code Authorization} header (valid or not), or
   * the session cookie.
   *
   * @param authorization the request's {@code Authorization} header, or null
   * @param cookies the request's {@code Cookie} header, or null
   */
  public static boolean credentialed(String authorization, String cookies) {
    return authorization != null || (cookies != null && cookies.contains(AccountsHost.COOKIE));
  }
}
