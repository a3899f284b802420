package org.communal.web.internal;

import org.communal.web.ApiException;

/**
 * The check every string from a request passes where it is read (JSON bodies, query parameters):
 * no NUL character, which PostgreSQL cannot store, and no half of a surrogate pair, which is not
 * Unicode and cannot be written as UTF-8.
 */
final class Text {
  private Text() {}

  /**
   * Refuses a string that cannot be stored.
   *
   * @param what names the string in the message, such as {@code the field "summary"}
   * @throws ApiException 400 {@code invalid-text}, saying what and where
   */
  static void requireStorable(String what, String text) {
    int at = firstUnstorable(text);
    if (at < 0) {
      return;
    }
    char c = text.charAt(at);
    throw c == '\u0000' ? invalid(what, "a NUL character (U+0000) at position " + at, "remove it")
        : invalid(what, String.format("half of a surrogate pair (U+%04X) at position %d", (int) c,
            at), "send the whole character, as valid UTF-8");
  }

  /** The position of the first NUL or unpaired surrogate, or -1 if there is none. */
  private static int firstUnstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000' || Character.isLowSurrogate(c)) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /** 400 {@code invalid-text}. */
  static ApiException invalid(String what, String found, String fix) {
    return new ApiException(400, "invalid-text", capitalized(what) + " holds " + found
        + ", which is not text Communal can store; " + fix + ".");
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
