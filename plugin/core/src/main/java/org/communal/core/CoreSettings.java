package org.communal.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the core, with defaults that suit most sites.
 *
 * @param clock the time source (tests move it)
 * @param sessionIdleTimeout a browser session unused this long ends; default 12 hours
 * @param sessionLifetime a browser session ends this long after sign-in, used or not; default 7 days
 */
public record CoreSettings(Clock clock, Duration sessionIdleTimeout, Duration sessionLifetime) {
  public CoreSettings {
    Objects.requireNonNull(clock, "clock");
    if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()
        || sessionLifetime.compareTo(sessionIdleTimeout) < 0) {
      throw new IllegalArgumentException("sessionIdleTimeout must be positive and at most"
          + " sessionLifetime; were " + sessionIdleTimeout + " and " + sessionLifetime);
    }
  }

  /** The defaults, on the system clock. */
  public static CoreSettings defaults() {
    return new CoreSettings(Clock.systemUTC(), Duration.ofHours(12), Duration.ofDays(7));
  }

  /** The same settings on another clock. */
  public CoreSettings withClock(Clock clock) {
    return new CoreSettings(clock, sessionIdleTimeout, sessionLifetime);
  }
}
