package org.communal.core;

import java.util.Arrays;
import java.util.Optional;

/** Where a CI status update stands. */
public enum StatusUpdateState {
  /** The check runs (or waits to run). */
  PENDING("pending"),
  /** The check passed. */
  SUCCESS("success"),
  /** The check ran and found a problem in the change. */
  FAILURE("failure"),
  /** The check could not run properly (a broken build machine, not the change). */
  ERROR("error"),
  /** The check stayed pending past its timeout; only the service sets this. */
  TIMED_OUT("timed-out");

  private final String wireName;

  StatusUpdateState(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the database and the API, such as {@code timed-out}. */
  public String wireName() {
    return wireName;
  }

  /** The state with this wire name, if any. */
  public static Optional<StatusUpdateState> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  /** Whether a retry may start from this state: the check ended without success. */
  public boolean retryable() {
    return this == FAILURE || this == ERROR || this == TIMED_OUT;
  }

  /** The wire names a caller may set (every one but {@code timed-out}), for messages. */
  static String settableNames() {
    return "pending, success, failure or error";
  }
}
