package org.communal.web.internal;

/** Escaping for text placed in HTML. */
public final class Html {
  private Html() {}

  /** The text with every character that means something in HTML replaced by its entity. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
