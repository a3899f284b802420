package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A person who uses Communal.
 *
 * @param id the database id
 * @param username unique regardless of case
 * @param displayName the name shown to others; may be empty
 * @param email where notifications go, if known
 * @param active false when an admin disabled the account: it can neither sign in nor use tokens
 * @param admin whether the account administers Communal
 * @param mustChangePassword whether the account must change its one-time password before anything
 *     else
 */
public record User(long id, String username, String displayName, Optional<String> email,
    boolean active, boolean admin, boolean mustChangePassword) {
  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(email, "email");
  }
}
