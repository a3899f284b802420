package org.communal.upgrade;

/** The root of every failure the harness raises while setting up or running a path. */
public class UpgradeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UpgradeException(String message) {
    super(message);
  }

  public UpgradeException(String message, Throwable cause) {
    super(message, cause);
  }
}
