package org.communal.diff;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * File paths as this package holds them: strings that stand for git's bytes exactly. Git takes a
 * path as bytes, and a path need not be valid UTF-8 ({@code bad\377.txt}). A path that is valid
 * UTF-8 is its text ({@code src/ä.txt}); any other is written as git quotes it with
 * {@code core.quotePath}: in double quotes, with C escapes and every byte from 0x80 in octal
 * ({@code "bad\377.txt"}). Only those paths start with a double quote (a valid UTF-8 path that
 * starts with one is quoted too), so the two forms never meet and every string maps back to the
 * one path it came from.
 */
public final class GitPath {
  private GitPath() {}

  /** The string for a path's bytes, as described above. */
  public static String of(byte[] path) {
    Objects.requireNonNull(path, "path");
    if (path.length > 0 && path[0] != '"' && isUtf8(path)) {
      return new String(path, StandardCharsets.UTF_8);
    }
    return quote(path);
  }

  /**
   * The bytes a path string stands for: the UTF-8 of a plain path, or the unquoted bytes of a
   * quoted one.
   *
   * @throws IllegalArgumentException if a string in quotes is not quoted as git quotes
   */
  public static byte[] bytes(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("\"")) {
      return path.getBytes(StandardCharsets.UTF_8);
    }
    byte[] quoted = path.getBytes(StandardCharsets.UTF_8);
    byte[] out = unquote(quoted, 0, quoted.length);
    if (out == null) {
      throw new IllegalArgumentException("\"" + path + "\" starts with a double quote but is not"
          + " a path quoted as git quotes it (\"dir/bad\\377.txt\")");
    }
    return out;
  }

  /**
   * Unquotes git's C-style quoting of {@code buf[open, end)}, which starts at the opening quote;
   * the bytes, or null when there is no closing quote or an escape is malformed. What follows
   * the closing quote is ignored.
   */
  public static byte[] unquote(byte[] buf, int open, int end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = open + 1;
    while (i < end && buf[i] != '"') {
      if (buf[i] != '\\') {
        out.write(buf[i++]);
        continue;
      }
      int n = escapeLength(buf, i + 1, end);
      if (n == 0) {
        return null;
      }
      out.write(unescape(buf, i + 1, n));
      i += 1 + n;
    }
    return i < end ? out.toByteArray() : null;
  }

  /** How many bytes the escape after a backslash takes (3 for octal), or 0 if malformed. */
  private static int escapeLength(byte[] buf, int at, int end) {
    if (at >= end) {
      return 0;
    }
    if (buf[at] >= '0' && buf[at] <= '3') {
      boolean octal = at + 2 < end && isOctal(buf[at + 1]) && isOctal(buf[at + 2]);
      return octal ? 3 : 0;
    }
    return "abtnvfr\"\\".indexOf(buf[at]) >= 0 ? 1 : 0;
  }

  private static int unescape(byte[] buf, int at, int length) {
    if (length == 3) {
      return (buf[at] - '0') * 64 + (buf[at + 1] - '0') * 8 + (buf[at + 2] - '0');
    }
    return "\u0007\b\t\n\u000b\f\r\"\\".charAt("abtnvfr\"\\".indexOf(buf[at]));
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  private static String quote(byte[] path) {
    StringBuilder s = new StringBuilder(path.length + 8).append('"');
    for (byte b : path) {
      int c = b & 0xff;
      int letter = "\u0007\b\t\n\u000b\f\r\"\\".indexOf(c);
      if (letter >= 0) {
        s.append('\\').append("abtnvfr\"\\".charAt(letter));
      } else if (c < 0x20 || c >= 0x7f) {
        s.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
            .append((char) ('0' + (c & 7)));
      } else {
        s.append((char) c);
      }
    }
    return s.append('"').toString();
  }

  private static boolean isUtf8(byte[] path) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(path));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
