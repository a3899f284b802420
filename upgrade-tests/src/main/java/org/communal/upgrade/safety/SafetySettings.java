package org.communal.upgrade.safety;

import java.time.Duration;
import java.util.Objects;

/**
 * How strict the safety checks are and how the profiler measures. Immutable; build one with
 * {@link #builder()}, or take {@link #defaults()}.
 */
public final class SafetySettings {
  private static final SafetySettings DEFAULTS = builder().build();

  private final Duration accessExclusiveThreshold;
  private final Duration observerInterval;
  private final Duration trapGrace;
  private final Duration probeTimeout;

  private SafetySettings(Builder b) {
    this.accessExclusiveThreshold = b.accessExclusiveThreshold;
    this.observerInterval = b.observerInterval;
    this.trapGrace = b.trapGrace;
    this.probeTimeout = b.probeTimeout;
  }

  /** The defaults, as documented on each {@link Builder} method. */
  public static SafetySettings defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long ACCESS EXCLUSIVE on a table with rows may be held before it is a finding. */
  public Duration accessExclusiveThreshold() {
    return accessExclusiveThreshold;
  }

  /** How often the observer reads the locks of a migration run outside a transaction. */
  public Duration observerInterval() {
    return observerInterval;
  }

  /** How long a migration may wait on Flyway's own session before the observer cancels it. */
  public Duration trapGrace() {
    return trapGrace;
  }

  /** The longest a single measuring query may take (counting rows, for example). */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /** Builds {@link SafetySettings}; each setter checks its value at once. */
  public static final class Builder {
    private Duration accessExclusiveThreshold = Duration.ofSeconds(1);
    private Duration observerInterval = Duration.ofMillis(10);
    private Duration trapGrace = Duration.ofMillis(500);
    private Duration probeTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * How long ACCESS EXCLUSIVE on a table that holds rows may be held, from the statement that
     * took it to the commit, before {@code access-exclusive-held} fires. Default 1 s; must be
     * zero or more.
     */
    public Builder accessExclusiveThreshold(Duration threshold) {
      this.accessExclusiveThreshold = nonNegative(threshold, "accessExclusiveThreshold");
      return this;
    }

    /**
     * How often the observer polls {@code pg_locks} while a migration runs outside a transaction.
     * Default 10 ms; must be between 1 ms and 1 s.
     */
    public Builder observerInterval(Duration interval) {
      Objects.requireNonNull(interval, "observerInterval");
      if (interval.toMillis() < 1 || interval.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("observerInterval must be between 1 ms and 1 s, was "
            + interval.toMillis() + " ms");
      }
      this.observerInterval = interval;
      return this;
    }

    /**
     * How long a migration may wait on a transaction of Flyway's own session (which can never end
     * while the migration runs) before the observer cancels it. Default 500 ms; zero or more.
     */
    public Builder trapGrace(Duration grace) {
      this.trapGrace = nonNegative(grace, "trapGrace");
      return this;
    }

    /**
     * The longest one measuring query may take, such as counting a table's rows when a migration
     * starts; one that takes longer is cancelled and the measurement falls back to an estimate.
     * Default 30 s; must be at least 1 s (JDBC query timeouts count whole seconds).
     */
    public Builder probeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "probeTimeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("probeTimeout must be at least 1 s, was "
            + timeout.toMillis() + " ms");
      }
      this.probeTimeout = timeout;
      return this;
    }

    /** The settings. */
    public SafetySettings build() {
      return new SafetySettings(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must be zero or more, was " + d);
      }
      return d;
    }
  }
}
