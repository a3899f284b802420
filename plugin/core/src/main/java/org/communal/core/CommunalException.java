package org.communal.core;

/**
 * The root of every failure the core raises. Each subclass is named for one failure and carries a
 * stable {@link #code()} that the web layer turns into one HTTP status and problem type.
 */
public abstract class CommunalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CommunalException(String message) {
    super(message);
  }

  protected CommunalException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A stable, lower-case, hyphenated code such as {@code not-found}. */
  public abstract String code();
}
