package org.communal.upgrade.report;

import java.time.Duration;
import java.util.Locale;

/** How every report writes durations and counts, so that they read the same everywhere. */
final class Format {
  private Format() {}

  /**
   * A duration for people: {@code 850 ms}, {@code 12.3 s}, {@code 2 min 05 s}, {@code 1 h 02 min}.
   */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 59_950) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 3_600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3_600, seconds % 3_600 / 60);
  }

  /** Seconds with millisecond precision, as JUnit XML's {@code time} attributes want them. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  /** Milliseconds with microsecond precision, for JSON. */
  static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
  }

  /** A count with thousands separators: {@code 1,000}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1 problem}, {@code 2 problems}. */
  static String plural(long n, String noun) {
    return count(n) + " " + noun + (n == 1 ? "" : "s");
  }
}
