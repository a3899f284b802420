package org.communal.core;

/** No user has this username. */
public final class NoSuchUserException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public NoSuchUserException(String username) {
    super("No user is named \"" + username + "\".");
  }
}
