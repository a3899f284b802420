package org.communal.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who makes a request and how they proved it.
 *
 * @param user the signed-in user, or empty for an anonymous caller
 * @param credential how the caller authenticated
 * @param scopes the most this credential allows (a token's scopes; everything for a session),
 *     further limited by what the user may do
 */
public record Caller(Optional<User> user, Credential credential, Set<Permission> scopes) {
  /** How a caller authenticated. */
  public enum Credential {
    /** No credential at all. */
    ANONYMOUS,
    /** A browser session cookie: state-changing requests need a CSRF token. */
    SESSION,
    /** An API token: no CSRF token needed. */
    TOKEN,
    /** The host (Jenkins) authenticated the caller and enforces CSRF itself. */
    HOST
  }

  public Caller {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(credential, "credential");
    scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** An anonymous caller. */
  public static Caller anonymous() {
    return new Caller(Optional.empty(), Credential.ANONYMOUS, Set.of());
  }

  /** A user signed in with a browser session. */
  public static Caller session(User user) {
    return new Caller(Optional.of(user), Credential.SESSION, EnumSet.allOf(Permission.class));
  }

  /** A user calling with an API token limited to these scopes. */
  public static Caller token(User user, Set<Permission> scopes) {
    return new Caller(Optional.of(user), Credential.TOKEN, scopes);
  }

  /** Whether nobody is signed in. */
  public boolean isAnonymous() {
    return user.isEmpty();
  }

  /** Whether the caller is this user. */
  public boolean is(User other) {
    return user.map(u -> u.id() == other.id()).orElse(false);
  }
}
