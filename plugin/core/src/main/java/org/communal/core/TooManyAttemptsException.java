package org.communal.core;

import java.time.Duration;

/** Too many failed sign-ins in a row for this account or address: wait, then try again. */
public final class TooManyAttemptsException extends CommunalException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public TooManyAttemptsException(Duration retryAfter) {
    super("Too many failed sign-ins. Wait " + Math.max(1, retryAfter.toSeconds())
        + " seconds, then try again.");
    this.retryAfter = retryAfter;
  }

  /** How long to wait. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return "too-many-attempts";
  }
}
