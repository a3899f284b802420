package org.communal.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an issue opened by a comment stands. */
public enum IssueStatus {
  /** Raised and not yet handled: the submitter's turn. */
  OPEN,
  /** Fixed. */
  RESOLVED,
  /** Not to be fixed. */
  DROPPED,
  /** The submitter says it is fixed; the commenter is to verify (review requests that require it). */
  VERIFYING_RESOLVED,
  /** The submitter says it will not be fixed; the commenter is to verify. */
  VERIFYING_DROPPED;

  /** The name in the database and the API, such as {@code verifying-resolved}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status with this wire name, if any. */
  public static Optional<IssueStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
