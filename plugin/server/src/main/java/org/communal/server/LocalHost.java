package org.communal.server;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;
import org.communal.core.User;
import org.communal.web.Host;

/**
 * The standalone server's host. Until sign-in exists, the server is single-user: every request
 * acts as the local operator account, which is why the server listens on loopback by default.
 */
final class LocalHost implements Host {
  /** The account every request acts as. */
  static final String OPERATOR = "admin";

  private final User operator;

  LocalHost(User operator) {
    this.operator = Objects.requireNonNull(operator, "operator");
  }

  @Override
  public Optional<User> currentUser(HttpServletRequest request) {
    return Optional.of(operator);
  }
}
