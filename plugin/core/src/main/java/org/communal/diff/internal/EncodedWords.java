package org.communal.diff.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes RFC 2047 encoded words ({@code =?UTF-8?q?...?=}) in mail headers. */
final class EncodedWords {
  private static final Pattern WORD =
      Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
  // Whitespace between two encoded words is folding, not content (RFC 2047, section 6.2).
  private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

  private EncodedWords() {}

  /** The header value with every encoded word decoded; other text is kept as is. */
  static String decode(String value) {
    String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1$2");
    Matcher m = WORD.matcher(joined);
    StringBuilder out = new StringBuilder(joined.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(decodeWord(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decodeWord(Matcher m) {
    Charset charset = charset(m.group(1));
    String text = m.group(3);
    try {
      byte[] bytes = m.group(2).equalsIgnoreCase("b")
          ? Base64.getDecoder().decode(text) : quoted(text);
      return new String(bytes, charset);
    } catch (IllegalArgumentException e) {
      return m.group(); // Not valid encoding: show it as written rather than guess.
    }
  }

  private static byte[] quoted(String text) {
    byte[] out = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out[n++] = ' ';
      } else if (c == '=' && i + 2 < text.length()) {
        out[n++] = (byte) Integer.parseInt(text.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name.replaceFirst("\\*.*$", "")); // RFC 2231 language suffix
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
