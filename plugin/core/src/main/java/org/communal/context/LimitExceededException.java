package org.communal.context;

/** Creating or moving in a context would exceed a subtree's {@link Limits}; nothing changed. */
public final class LimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LimitExceededException(String message) {
    super(message);
  }
}
