package org.communal.core;

/** The username or password is wrong, or the account is disabled; which one is never said. */
public final class InvalidCredentialsException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public InvalidCredentialsException() {
    super("The username or password is wrong (or the account is disabled). Check both and try"
        + " again; an admin can reset a forgotten password.");
  }

  @Override
  public String code() {
    return "invalid-credentials";
  }
}
