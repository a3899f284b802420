package org.communal.migrations;

/**
 * The root of every failure raised by this module. Subclasses are named for the failure; each
 * message says what went wrong, with which value, and what to do about it.
 */
public class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
