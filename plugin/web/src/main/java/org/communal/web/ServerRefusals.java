package org.communal.web;

import org.communal.web.internal.Problems;
import org.communal.web.internal.Reply;

/**
 * What a server that hosts the servlet answers when it refuses a request itself (a malformed or
 * ambiguous URI, a bad header, a head too large): the same problem+json as the servlet's own
 * refusals, with a stable code per status. Send it with {@link ResponseHeaders}.
 */
public final class ServerRefusals {
  /** The content type of every refusal. */
  public static final String CONTENT_TYPE = Problems.MEDIA_TYPE + ";charset=utf-8";

  private ServerRefusals() {}

  /**
   * The body of a refusal.
   *
   * @param status the HTTP status the server chose
   * @param reason what the server said was wrong (shown for a 4xx only), or null
   */
  public static byte[] body(int status, String reason) {
    return ((Reply.Raw) Problems.ofStatus(status, reason).rendered().body()).bytes();
  }
}
