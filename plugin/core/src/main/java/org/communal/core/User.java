package org.communal.core;

import java.util.Objects;

/**
 * A person who uses Communal.
 *
 * @param id the database id
 * @param username unique regardless of case
 * @param displayName the name shown to others; may be empty
 * @param active false when an admin disabled the account
 */
public record User(long id, String username, String displayName, boolean active) {
  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
  }
}
