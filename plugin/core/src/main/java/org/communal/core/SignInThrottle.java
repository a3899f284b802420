package org.communal.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated failed sign-ins, per account and per address, without ever locking anyone
 * out: after a few free failures each further one doubles the wait, up to a minute, and failures
 * are forgotten a quarter of an hour after the last one. Thread-safe; kept in memory, so a restart
 * forgets it (a restart is rarer than the waits it would reset).
 */
public final class SignInThrottle {
  private static final int FREE_PER_ACCOUNT = 5;
  private static final int FREE_PER_ADDRESS = 20;
  private static final Duration MAX_WAIT = Duration.ofMinutes(1);
  private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  private static final int PRUNE_ABOVE = 1_000;

  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  public SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  private record Failures(int count, Instant last) {}

  /** How long this attempt must wait, if it must. */
  public Optional<Duration> waitBefore(String username, String address) {
    Instant now = clock.instant();
    Duration wait = max(waitFor(accountKey(username), FREE_PER_ACCOUNT, now),
        waitFor(addressKey(address), FREE_PER_ADDRESS, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Counts a failed attempt against the account and the address. */
  public void failed(String username, String address) {
    Instant now = clock.instant();
    if (failures.size() > PRUNE_ABOVE) {
      // Guessing many usernames must not grow memory without bound: forget what has expired.
      failures.values().removeIf(f -> expired(f, now));
    }
    for (String key : new String[] {accountKey(username), addressKey(address)}) {
      failures.compute(key, (k, f) -> f == null || expired(f, now) ? new Failures(1, now)
          : new Failures(f.count() + 1, now));
    }
  }

  /** Forgets the account's failures after a successful sign-in. */
  public void succeeded(String username) {
    failures.remove(accountKey(username));
  }

  private Duration waitFor(String key, int free, Instant now) {
    Failures f = failures.get(key);
    if (f == null || expired(f, now) || f.count() < free) {
      return Duration.ZERO;
    }
    long seconds = 1L << Math.min(f.count() - free, 6);
    Instant until = f.last().plus(min(Duration.ofSeconds(seconds), MAX_WAIT));
    return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
  }

  private static boolean expired(Failures f, Instant now) {
    return f.last().plus(FORGET_AFTER).isBefore(now);
  }

  private static String accountKey(String username) {
    return "user:" + String.valueOf(username).toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "addr:" + address;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
