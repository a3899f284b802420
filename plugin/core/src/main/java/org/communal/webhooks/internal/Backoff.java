package org.communal.webhooks.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, the n-th delay of the
 * schedule; after the last one, never. Not API.
 *
 * @param delays the waits after the first, second, ... failed attempt
 */
public record Backoff(List<Duration> delays) {
  /** 30 s, 2 min, 10 min, 1 h, 6 h: six attempts over about seven hours. */
  public static final Backoff DEFAULT = new Backoff(List.of(Duration.ofSeconds(30),
      Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6)));

  public Backoff {
    delays = List.copyOf(delays);
    for (Duration d : delays) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("backoff delays must be 0 or more, were " + delays);
      }
    }
  }

  /** The wait after the {@code attempts}-th failed attempt, or empty to give up. */
  public Optional<Duration> after(int attempts) {
    return attempts >= 1 && attempts <= delays.size() ? Optional.of(delays.get(attempts - 1))
        : Optional.empty();
  }

  /** How many attempts a delivery gets in all. */
  public int maxAttempts() {
    return delays.size() + 1;
  }
}
