package org.communal.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a review request is in its life. */
public enum ReviewRequestStatus {
  /** Open for review. */
  PENDING,
  /** The change landed. */
  SUBMITTED,
  /** The change was abandoned. */
  DISCARDED;

  /** The name used in the database and the API, such as {@code pending}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with this wire name, if any. */
  public static Optional<ReviewRequestStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
