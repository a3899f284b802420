package org.communal.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a caller may do. Also the scopes an API token can carry. */
public enum Permission {
  /** See review requests, diffs, reviews, users and groups. */
  READ,
  /** Create and change review requests and reviews. */
  WRITE,
  /** Manage accounts, groups and the service. */
  ADMIN;

  /** The name used in the API, such as {@code read}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The permission with this wire name, if any. */
  public static Optional<Permission> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
  }
}
