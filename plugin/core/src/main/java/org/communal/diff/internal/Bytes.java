package org.communal.diff.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level helpers over raw uploads and file contents. */
final class Bytes {
  private Bytes() {}

  /** The offset just past the next {@code \n} at or after {@code from}, or {@code end}. */
  static int nextLine(byte[] buf, int from, int end) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i + 1;
      }
    }
    return end;
  }

  /** True when {@code buf} holds {@code prefix} (ASCII) at {@code at}, before {@code end}. */
  static boolean startsWith(byte[] buf, int at, int end, String prefix) {
    if (end - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (buf[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The line at {@code at} without its line end, for messages; at most 80 characters. */
  static String lineForMessage(byte[] buf, int at, int end) {
    int eol = nextLine(buf, at, end);
    int stop = eol > at && buf[eol - 1] == '\n' ? eol - 1 : eol;
    if (stop > at && buf[stop - 1] == '\r') {
      stop--;
    }
    String text = Decoding.decodeLine(buf, at, Math.min(stop, at + 320));
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** Bytes as ASCII text, for headers that are ASCII by definition. */
  static String ascii(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** True when the two ranges hold the same bytes. */
  static boolean rangeEquals(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    return Arrays.equals(a, aFrom, aTo, b, bFrom, bTo);
  }
}
