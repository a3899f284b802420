package org.communal.upgrade.report;

import java.util.Comparator;
import org.communal.upgrade.PathSpec;

/**
 * The order in which reports list paths: by starting release (the empty database first, then by
 * schema version and release name compared as versions, so that {@code 0.10.0} follows {@code
 * 0.9.0}), then PostgreSQL major, mode and time zone.
 */
final class MatrixOrder {
  /** Paths in report order. */
  static final Comparator<PathSpec> PATHS = ((Comparator<PathSpec>) MatrixOrder::compareStarts)
      .thenComparingInt(PathSpec::major)
      .thenComparing(PathSpec::mode)
      .thenComparing(p -> p.zone().getId());

  private MatrixOrder() {}

  /** Compares where two paths start: the empty database first, then by version. */
  static int compareStarts(PathSpec a, PathSpec b) {
    if (a.release().isEmpty() || b.release().isEmpty()) {
      return Boolean.compare(a.release().isPresent(), b.release().isPresent());
    }
    int bySchema = compareVersions(a.schemaVersion().get(), b.schemaVersion().get());
    return bySchema != 0 ? bySchema : compareVersions(a.release().get(), b.release().get());
  }

  /**
   * Compares two version strings: runs of digits as numbers, everything else as text, and a
   * version before any longer one it starts ({@code 1.0} before {@code 1.0.1}).
   */
  static int compareVersions(String a, String b) {
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
