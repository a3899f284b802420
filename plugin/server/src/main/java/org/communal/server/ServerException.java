package org.communal.server;

/**
 * The standalone server could not start or run. The message says what to do; {@link #exitCode()}
 * is what the command exits with.
 */
public final class ServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  ServerException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** One of the codes in {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }
}
