package org.communal.diff.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.communal.diff.TextEncoding;

/**
 * UTF-8 with a fallback to ISO-8859-1. The fallback maps every byte to one character, so text
 * that is not UTF-8 is shown as something rather than replaced by U+FFFD.
 */
public final class Decoding {
  private Decoding() {}

  /** The encoding that decodes {@code buf[from, to)} without loss. */
  public static TextEncoding detect(byte[] buf, int from, int to) {
    if (isAscii(buf, from, to)) {
      return TextEncoding.UTF_8;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, from, to - from));
      return TextEncoding.UTF_8;
    } catch (CharacterCodingException e) {
      return TextEncoding.ISO_8859_1;
    }
  }

  /** Decodes with the given encoding. */
  public static String decode(byte[] buf, int from, int to, TextEncoding encoding) {
    if (encoding == TextEncoding.ISO_8859_1 || isAscii(buf, from, to)) {
      // ASCII is a subset of both, and the Latin-1 path is the JDK's fastest.
      return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }

  /** One line on its own: UTF-8 if it is valid UTF-8, else ISO-8859-1. */
  public static String decodeLine(byte[] buf, int from, int to) {
    return decode(buf, from, to, detect(buf, from, to));
  }

  private static boolean isAscii(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
