package org.communal.context;

/**
 * What {@link Context#close()} did, so that a no-op is never mistaken for a destruction.
 */
public sealed interface CloseResult {
  /** This call closed the context and ran its destructors. */
  record Closed() implements CloseResult {}

  /** The context was closed before; nothing ran. */
  record AlreadyClosed() implements CloseResult {}

  /**
   * Another close of this context is under way: on this thread (a destructor closing its own
   * context or an ancestor being closed), in which case it returns at once, or on another thread,
   * in which case it returns once that close has finished.
   */
  record AlreadyClosing() implements CloseResult {}

  /**
   * Asked from a destructor for an open ancestor of the context being closed: the close runs as
   * soon as the current one has finished.
   */
  record Deferred() implements CloseResult {}

  CloseResult CLOSED = new Closed();
  CloseResult ALREADY_CLOSED = new AlreadyClosed();
  CloseResult ALREADY_CLOSING = new AlreadyClosing();
  CloseResult DEFERRED = new Deferred();
}
