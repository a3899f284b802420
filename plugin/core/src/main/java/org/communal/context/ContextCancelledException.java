package org.communal.context;

/** Thrown by {@link Context#throwIfCancelled()}: the work should stop. */
public final class ContextCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final CancellationCause cause;

  ContextCancelledException(String path, CancellationCause cause) {
    super("Context " + path + " was cancelled: " + cause.reason(), cause.error());
    this.cause = cause;
  }

  /** Why. */
  public CancellationCause cancellation() {
    return cause;
  }
}
