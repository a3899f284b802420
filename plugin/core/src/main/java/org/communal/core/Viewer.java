package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking, as far as what they may see and change: a user (or nobody), and whether they act
 * as an admin (an admin's account, with a credential that allows administration).
 *
 * @param user the signed-in user, or empty for an anonymous reader
 * @param admin whether the caller may act as an admin
 */
public record Viewer(Optional<User> user, boolean admin) {
  public Viewer {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty() && admin) {
      throw new IllegalArgumentException("an anonymous viewer cannot be an admin");
    }
  }

  /** Nobody signed in. */
  public static Viewer anonymous() {
    return new Viewer(Optional.empty(), false);
  }

  /** A signed-in user, acting as an admin or not. */
  public static Viewer of(User user, boolean admin) {
    return new Viewer(Optional.of(user), admin);
  }

  /** The user's id, or 0 for nobody (no user has id 0). */
  public long userId() {
    return user.map(User::id).orElse(0L);
  }

  /** Whether this viewer is the user with this id, or an admin. */
  public boolean isOwnerOrAdmin(long ownerId) {
    return admin || (user.isPresent() && user.get().id() == ownerId);
  }

  /**
   * The signed-in user.
   *
   * @throws PermissionDeniedException for an anonymous viewer
   */
  public User requireUser() {
    return user.orElseThrow(() -> new PermissionDeniedException("Sign in first."));
  }
}
