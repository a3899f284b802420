package org.communal.upgrade.data;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Realistic text for a column, shaped by its name: words, names, e-mails, URLs, hashes. */
final class Texts {
  private static final List<String> WORDS = List.of("apple", "river", "stone", "cloud", "paper",
      "window", "garden", "signal", "orbit", "copper", "harbor", "maple", "pixel", "rocket",
      "silver", "timber", "velvet", "meadow", "lantern", "quartz", "ember", "falcon", "glacier",
      "island", "jasmine", "kernel", "lemon", "marble", "nectar", "olive", "pepper", "ripple",
      "saddle", "tunnel", "umbra", "violet", "walnut", "yarrow", "zephyr", "review", "patch",
      "branch", "commit", "merge", "build", "deploy", "server", "client", "token", "cache");
  private static final List<String> NAMES = List.of("Ada Lovelace", "Zoë Quinn", "José Núñez",
      "Łukasz Wójcik", "Björk Guðmundsdóttir", "Søren Kierkegaard", "François Lefèvre",
      "Ngozi Okonjo", "Mei Chen", "Ólafur Arnalds", "Hannah Müller", "Sasha Ivanova",
      "Kenji Tanaka", "Aisha Al-Farsi", "Grace Hopper", "Dmitri Volkov", "東京 太郎",
      "Renée Dupont", "Émile Zola", "Chloé Martin");
  private static final List<String> DOMAINS = List.of("example.org", "example.com",
      "mail.example.net");
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";

  private Texts() {}

  /** Text for a column of that name, at most {@code maxChars} code points (-1 for no limit). */
  static String text(String column, SplittableRandom r, boolean unique, int maxChars) {
    String name = column.toLowerCase(Locale.ROOT);
    String text;
    if (name.contains("email") || name.contains("mail_address")) {
      text = word(r) + (unique ? "." + suffix(r) : r.nextInt(100)) + "@" + pick(DOMAINS, r);
    } else if (name.contains("url") || name.contains("uri") || name.contains("link")
        || name.contains("homepage") || name.contains("website")) {
      text = "https://" + pick(DOMAINS, r) + "/" + slug(r) + (unique ? "/" + suffix(r) : "");
    } else if (name.matches(".*(sha|hash|digest|checksum|commit|revision|fingerprint).*")) {
      text = hex(r, name.contains("256") || name.contains("token") ? 64 : 40);
    } else if (name.contains("color") || name.contains("colour")) {
      text = "#" + hex(r, 6);
    } else if (name.contains("phone")) {
      text = "+49 30 " + (1000000 + r.nextInt(9000000));
    } else if (name.contains("path") || name.contains("file")) {
      text = "src/" + word(r) + "/" + capital(word(r)) + ".java";
    } else {
      text = styled(name, r);
      if (unique) {
        text = text + "-" + suffix(r);
      }
    }
    return truncate(text, maxChars);
  }

  /** Free text in one of several shapes, so that retries against a check find another. */
  private static String styled(String name, SplittableRandom r) {
    boolean prose = name.matches(".*(description|body|text|comment|content|message|note|detail).*");
    int style = prose ? 4 : r.nextInt(5);
    return switch (style) {
      case 0 -> capital(words(r, 1 + r.nextInt(3)));
      case 1 -> word(r);
      case 2 -> slug(r);
      case 3 -> name.contains("name") ? pick(NAMES, r) : word(r) + r.nextInt(1000);
      default -> capital(words(r, 4 + r.nextInt(9))) + ".";
    };
  }

  /** Letters only, for short fixed-length codes such as {@code char(2)}. */
  static String code(SplittableRandom r, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) ('A' + r.nextInt(26)));
    }
    return s.toString();
  }

  static String hex(SplittableRandom r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(HEX.charAt(r.nextInt(16)));
    }
    return s.toString();
  }

  /** Lower-case letters and digits that make a value unique in practice. */
  static String suffix(SplittableRandom r) {
    StringBuilder s = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      s.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
    }
    return s.toString();
  }

  static String word(SplittableRandom r) {
    return pick(WORDS, r);
  }

  static String words(SplittableRandom r, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : " ").append(word(r));
    }
    return s.toString();
  }

  static String slug(SplittableRandom r) {
    return word(r) + "-" + word(r);
  }

  /** At most {@code maxChars} code points; -1 keeps all. */
  static String truncate(String s, int maxChars) {
    if (maxChars < 0 || s.codePointCount(0, s.length()) <= maxChars) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, maxChars));
  }

  /** {@code n} code points of mixed two-, three- and four-byte UTF-8 characters. */
  static String multibyte(int n) {
    String[] chars = {"ä", "€", "😀", "東", "ß", "ñ"};
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(chars[i % chars.length]);
    }
    return s.toString();
  }

  /** {@code n} random letters, which compress badly and so leave a large value out of line. */
  static String letters(SplittableRandom r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
    }
    return s.toString();
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }
}
