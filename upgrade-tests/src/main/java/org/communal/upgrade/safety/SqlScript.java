package org.communal.upgrade.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL scripts into statements and blanks out what must not be read as SQL words:
 * comments, string literals, quoted bodies. Knows the lexical rules that matter for that:
 * {@code --} and nested {@code /* *}{@code /} comments, {@code '...'} with doubled quotes, {@code
 * E'...'} with backslash escapes, {@code "..."} identifiers and {@code $tag$...$tag$} bodies.
 */
final class SqlScript {
  private SqlScript() {}

  /** The statements of a script, each trimmed, without the terminating semicolons. */
  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < script.length()) {
      char ch = script.charAt(i);
      if (ch == ';') {
        add(statements, script.substring(start, i));
        start = i + 1;
        i++;
      } else {
        i = skip(script, i);
      }
    }
    add(statements, script.substring(start));
    return statements;
  }

  /**
   * The statement with comments removed, every literal and quoted body emptied ({@code 'x'}
   * becomes {@code ''}, {@code $$...$$} becomes {@code $$$$}), identifiers in double quotes kept,
   * and runs of white space collapsed to one space.
   */
  static String blank(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      int next = skip(sql, i);
      char ch = sql.charAt(i);
      if (next == i + 1) {
        out.append(Character.isWhitespace(ch) ? ' ' : ch);
      } else if (ch == '-' || ch == '/') {
        out.append(' ');
      } else if (ch == '"') {
        out.append(sql, i, next);
      } else if (ch == '$') {
        String tag = sql.substring(i, sql.indexOf('$', i + 1) + 1);
        out.append(tag).append(tag);
      } else {
        out.append(ch == '\'' ? "''" : sql.charAt(i) + "''");
      }
      i = next;
    }
    return out.toString().replaceAll("\\s+", " ").strip();
  }

  private static void add(List<String> statements, String statement) {
    if (!blank(statement).isEmpty()) {
      statements.add(statement.strip());
    }
  }

  /** The index after the lexical element starting at {@code i}: one character, or a whole token. */
  private static int skip(String s, int i) {
    char ch = s.charAt(i);
    if (ch == '-' && s.startsWith("--", i)) {
      int end = s.indexOf('\n', i);
      return end < 0 ? s.length() : end;
    }
    if (ch == '/' && s.startsWith("/*", i)) {
      return blockCommentEnd(s, i);
    }
    if (ch == '\'') {
      return quotedEnd(s, i + 1, '\'', false);
    }
    if ((ch == 'E' || ch == 'e') && i + 1 < s.length() && s.charAt(i + 1) == '\''
        && (i == 0 || !isIdentifierPart(s.charAt(i - 1)))) {
      return quotedEnd(s, i + 2, '\'', true);
    }
    if (ch == '"') {
      return quotedEnd(s, i + 1, '"', false);
    }
    if (ch == '$' && (i == 0 || !isIdentifierPart(s.charAt(i - 1)))) {
      return dollarEnd(s, i);
    }
    return i + 1;
  }

  private static int blockCommentEnd(String s, int i) {
    int depth = 0;
    int j = i;
    while (j < s.length()) {
      if (s.startsWith("/*", j)) {
        depth++;
        j += 2;
      } else if (s.startsWith("*/", j)) {
        depth--;
        j += 2;
        if (depth == 0) {
          return j;
        }
      } else {
        j++;
      }
    }
    return s.length();
  }

  private static int quotedEnd(String s, int from, char quote, boolean backslashEscapes) {
    int j = from;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (backslashEscapes && c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return s.length();
  }

  /** The end of a dollar-quoted body, or {@code i + 1} when the {@code $} opens none. */
  private static int dollarEnd(String s, int i) {
    int j = i + 1;
    if (j < s.length() && Character.isDigit(s.charAt(j))) {
      return i + 1;
    }
    while (j < s.length() && isIdentifierPart(s.charAt(j)) && s.charAt(j) != '$') {
      j++;
    }
    if (j >= s.length() || s.charAt(j) != '$') {
      return i + 1;
    }
    String tag = s.substring(i, j + 1);
    int close = s.indexOf(tag, j + 1);
    return close < 0 ? s.length() : close + tag.length();
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
