package org.communal.webhooks.internal;

/**
 * How one delivery attempt ended. Not API.
 *
 * @param kind what to do with the delivery now
 * @param responseCode the receiver's HTTP status, or null when none came
 * @param detail a short account for admins: the status and the start of the answer, or why no
 *     answer came
 */
public record Outcome(Kind kind, Integer responseCode, String detail) {
  /** The longest detail kept on a delivery row. */
  public static final int MAX_DETAIL = 500;

  /** What an attempt's result means for its delivery. */
  public enum Kind {
    /** A 2xx answer: done. */
    DELIVERED,
    /** It can never succeed (410 Gone, a URL Java refuses): failed at once, no retry. */
    FAILED,
    /** Any other answer, a timeout or a connection failure: try again later. */
    RETRY,
    /** The dispatcher stopped mid-attempt: the delivery waits for the next start. */
    CANCELLED
  }

  public Outcome {
    detail = shorten(detail);
  }

  /** The text on one line, cut to {@link #MAX_DETAIL} characters. */
  public static String shorten(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL - 1) + "…";
  }
}
