package org.communal.core;

import java.util.Optional;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Jdbi;

/** The people who use Communal. Thread-safe. */
public final class Users {
  private final Jdbi jdbi;

  Users(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The user with this username (any case), if there is one. */
  public Optional<User> find(String username) {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT id, username, display_name, is_active"
            + " FROM users WHERE lower(username) = lower(:username)")
        .bind("username", username).map(Jdbis::user).findOne());
  }

  /** The user with this username, created with the display name if missing. */
  public User ensure(String username, String displayName) {
    return Jdbis.call(jdbi, h -> {
      h.createUpdate("INSERT INTO users (username, display_name) VALUES (:username, :displayName)"
              + " ON CONFLICT ((lower(username))) DO NOTHING")
          .bind("username", username).bind("displayName", displayName).execute();
      return h.createQuery("SELECT id, username, display_name, is_active FROM users"
              + " WHERE lower(username) = lower(:username)")
          .bind("username", username).map(Jdbis::user).one();
    });
  }
}
