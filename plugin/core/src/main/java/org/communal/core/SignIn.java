package org.communal.core;

import java.util.Optional;

/**
 * Signing in with a username and password: throttled, audited, and answering every failure the
 * same way so that it never tells whether an account exists. Thread-safe.
 */
public final class SignIn {
  private final Users users;
  private final Sessions sessions;
  private final AuditLog audit;
  private final SignInThrottle throttle;

  SignIn(Users users, Sessions sessions, AuditLog audit, SignInThrottle throttle) {
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.throttle = throttle;
  }

  /**
   * Opens a session when the password is right.
   *
   * @throws TooManyAttemptsException if this account or address failed too often just now
   * @throws InvalidCredentialsException if the username or password is wrong, or the account is
   *     disabled
   */
  public Sessions.Opened signIn(String username, String password, String remoteAddr) {
    throttle.waitBefore(username, remoteAddr).ifPresent(wait -> {
      throw new TooManyAttemptsException(wait);
    });
    Optional<User> user = users.checkPassword(username, password);
    if (user.isEmpty()) {
      throttle.failed(username, remoteAddr);
      audit.record(Optional.empty(), "sign-in-failed", "user:" + username, "", remoteAddr);
      throw new InvalidCredentialsException();
    }
    throttle.succeeded(username);
    audit.record(user, "sign-in", "user:" + user.get().username(), "", remoteAddr);
    return sessions.open(user.get(), remoteAddr);
  }

  /** Ends a session. */
  public void signOut(Sessions.Session session, String cookieValue, String remoteAddr) {
    sessions.close(cookieValue);
    audit.record(Optional.of(session.user()), "sign-out", "user:" + session.user().username(), "",
        remoteAddr);
  }
}
