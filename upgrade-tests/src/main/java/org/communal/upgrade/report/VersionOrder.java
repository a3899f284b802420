package org.communal.upgrade.report;

/**
 * Orders version strings the way people read them: runs of digits as numbers, everything else as
 * text, so that {@code 0.10.0} follows {@code 0.9.0} and {@code V14.20.0} follows {@code V14.9.0}.
 */
public final class VersionOrder {
  private VersionOrder() {}

  /**
   * Compares two version strings: runs of digits as numbers, everything else as text, and a
   * version before any longer one it starts ({@code 1.0} before {@code 1.0.1}).
   */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      if (digit(a.charAt(i)) && digit(b.charAt(j))) {
        int si = i;
        int sj = j;
        while (i < a.length() && digit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && digit(b.charAt(j))) {
          j++;
        }
        int c = compareNumbers(a.substring(si, i), b.substring(sj, j));
        if (c != 0) {
          return c;
        }
      } else {
        if (a.charAt(i) != b.charAt(j)) {
          return Character.compare(a.charAt(i), b.charAt(j));
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int compareNumbers(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
