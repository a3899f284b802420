package org.communal.upgrade.report;

/**
 * Escapes text for XML and HTML. XML 1.0 forbids most control characters and unpaired surrogates
 * even as character references, so they are replaced by a visible {@code \\uXXXX} instead of being
 * dropped: a message keeps its meaning and the file stays parseable.
 */
final class Markup {
  private Markup() {}

  /** Text for an element's content. */
  static String text(String s) {
    return escape(s, false);
  }

  /** Text for a double-quoted attribute value; line breaks and tabs survive as references. */
  static String attribute(String s) {
    return escape(s, true);
  }

  /** Whether XML 1.0 allows the code point in a document. */
  static boolean allowed(int cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (allowed(cp)) {
            out.appendCodePoint(cp);
          } else {
            out.append(String.format("\\u%04X", cp));
          }
        }
      }
    });
    return out.toString();
  }
}
