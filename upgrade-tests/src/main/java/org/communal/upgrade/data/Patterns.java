package org.communal.upgrade.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Strings that match a check constraint's pattern: a POSIX regular expression ({@code ~}) in the
 * common subset (anchors, literals, {@code .}, bracket expressions with ranges and classes,
 * {@code \d \w \s}, groups with alternatives, and the quantifiers {@code ? * + {m,n}}), or a LIKE
 * pattern. Anything else (back-references, lookahead) is not understood: no sample.
 */
final class Patterns {
  private static final String POOL =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-@/:+";
  private static final String WORD =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

  private final String re;
  private final SplittableRandom r;
  private int at;

  private Patterns(String re, SplittableRandom r) {
    this.re = re;
    this.r = r;
  }

  /** A string the regular expression matches, at most {@code max} characters (-1: any). */
  static Optional<String> regex(String re, SplittableRandom r, int max) {
    for (int tries = 0; tries < 5; tries++) {
      Patterns p = new Patterns(re, r);
      try {
        String s = p.alternation();
        if (p.at == re.length() && (max < 0 || s.codePointCount(0, s.length()) <= max)) {
          return Optional.of(s);
        }
        if (p.at != re.length()) {
          return Optional.empty();
        }
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A string a LIKE pattern (with backslash as escape) matches. */
  static String like(String pattern, SplittableRandom r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '%') {
        s.append(Texts.word(r), 0, r.nextInt(0, 6));
      } else if (ch == '_') {
        s.append((char) ('a' + r.nextInt(26)));
      } else if (ch == '\\' && i + 1 < pattern.length()) {
        s.append(pattern.charAt(++i));
      } else {
        s.append(ch);
      }
    }
    return s.toString();
  }

  private String alternation() {
    List<String> options = new ArrayList<>();
    options.add(sequence());
    while (at < re.length() && re.charAt(at) == '|') {
      at++;
      options.add(sequence());
    }
    return options.get(r.nextInt(options.size()));
  }

  private String sequence() {
    StringBuilder s = new StringBuilder();
    while (at < re.length() && re.charAt(at) != '|' && re.charAt(at) != ')') {
      int start = at;
      String once = atom();
      int[] range = quantifier();
      int times = range[0] + (range[1] > range[0] ? r.nextInt(range[1] - range[0] + 1) : 0);
      for (int i = 0; i < times; i++) {
        if (i > 0) {
          at = start;
          once = atom();
          quantifier();
        }
        s.append(once);
      }
    }
    return s.toString();
  }

  private String atom() {
    char ch = re.charAt(at++);
    return switch (ch) {
      case '^', '$' -> "";
      case '.' -> String.valueOf(POOL.charAt(r.nextInt(POOL.length() - 5)));
      case '(' -> group();
      case '[' -> String.valueOf(bracket());
      case '\\' -> escape();
      case '*', '+', '?', '{' -> throw new IllegalArgumentException("quantifier without atom");
      default -> String.valueOf(ch);
    };
  }

  private String group() {
    if (re.startsWith("?:", at)) {
      at += 2;
    } else if (re.charAt(at) == '?') {
      throw new IllegalArgumentException("lookaround");
    }
    String s = alternation();
    if (re.charAt(at++) != ')') {
      throw new IllegalArgumentException("unclosed group");
    }
    return s;
  }

  private String escape() {
    char e = re.charAt(at++);
    return switch (e) {
      case 'd' -> String.valueOf((char) ('0' + r.nextInt(10)));
      case 'w' -> String.valueOf(WORD.charAt(r.nextInt(WORD.length())));
      case 's' -> " ";
      case 'm', 'M', 'y', 'Y', 'A', 'Z' -> "";
      default -> {
        if (Character.isDigit(e) || Character.isLetter(e)) {
          throw new IllegalArgumentException("escape \\" + e);
        }
        yield String.valueOf(e);
      }
    };
  }

  /** A bracket expression: one character it admits. */
  private char bracket() {
    boolean negated = re.charAt(at) == '^';
    if (negated) {
      at++;
    }
    StringBuilder set = new StringBuilder();
    boolean first = true;
    while (first || re.charAt(at) != ']') {
      first = false;
      if (re.startsWith("[:", at)) {
        int end = re.indexOf(":]", at);
        set.append(posixClass(re.substring(at + 2, end)));
        at = end + 2;
        continue;
      }
      char lo = re.charAt(at++);
      if (lo == '\\') {
        set.append(escapeInBracket(re.charAt(at++)));
      } else if (re.charAt(at) == '-' && re.charAt(at + 1) != ']') {
        char hi = re.charAt(at + 1);
        at += 2;
        for (char c = lo; c <= hi; c++) {
          set.append(c);
        }
      } else {
        set.append(lo);
      }
    }
    at++;
    String from = negated ? without(set.toString()) : set.toString();
    if (from.isEmpty()) {
      throw new IllegalArgumentException("empty bracket");
    }
    return from.charAt(r.nextInt(from.length()));
  }

  private static String escapeInBracket(char e) {
    return switch (e) {
      case 'd' -> "0123456789";
      case 'w' -> WORD;
      case 's' -> " ";
      default -> String.valueOf(e);
    };
  }

  private static String posixClass(String name) {
    return switch (name) {
      case "alpha" -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
      case "digit" -> "0123456789";
      case "alnum" -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      case "lower" -> "abcdefghijklmnopqrstuvwxyz";
      case "upper" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
      case "space" -> " ";
      case "xdigit" -> "0123456789abcdefABCDEF";
      default -> throw new IllegalArgumentException("class " + name);
    };
  }

  private static String without(String excluded) {
    StringBuilder s = new StringBuilder();
    for (char c : POOL.toCharArray()) {
      if (excluded.indexOf(c) < 0) {
        s.append(c);
      }
    }
    return s.toString();
  }

  /** {min, max} repetitions; unbounded repetition is kept short. */
  private int[] quantifier() {
    if (at >= re.length()) {
      return new int[] {1, 1};
    }
    char q = re.charAt(at);
    int[] range = switch (q) {
      case '?' -> new int[] {0, 1};
      case '*' -> new int[] {0, 3};
      case '+' -> new int[] {1, 4};
      case '{' -> braces();
      default -> null;
    };
    if (range == null) {
      return new int[] {1, 1};
    }
    if (q != '{') {
      at++;
    }
    if (at < re.length() && re.charAt(at) == '?') {
      at++;
    }
    return range;
  }

  private int[] braces() {
    int end = re.indexOf('}', at);
    String body = re.substring(at + 1, end);
    at = end + 1;
    String[] parts = body.split(",", -1);
    int min = Integer.parseInt(parts[0].strip());
    int max = parts.length == 1 ? min
        : parts[1].isBlank() ? min + 3 : Integer.parseInt(parts[1].strip());
    return new int[] {min, Math.min(max, min + 8)};
  }
}
