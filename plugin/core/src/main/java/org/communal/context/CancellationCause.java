package org.communal.context;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a context was cancelled.
 *
 * @param reason a short phrase for people and logs
 * @param error what caused it, or null
 * @param at when it happened, by the registry's clock
 */
public record CancellationCause(String reason, Throwable error, Instant at) {
  /** The reason of a deadline that passed. */
  public static final String DEADLINE_EXCEEDED = "deadline exceeded";
  /** The reason given to a subtree whose ancestor is being closed. */
  public static final String CLOSED = "context closed";
  /** The reason given when an HTTP client went away. */
  public static final String CLIENT_DISCONNECTED = "client disconnected";

  public CancellationCause {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  /** A cause saying the context's deadline passed. */
  public static CancellationCause deadlineExceeded() {
    return new CancellationCause(DEADLINE_EXCEEDED, null, ContextRegistry.clock().instant());
  }

  /** A cause saying the context (or an ancestor) is being closed. */
  public static CancellationCause closed() {
    return new CancellationCause(CLOSED, null, ContextRegistry.clock().instant());
  }

  /** A cause with a reason of the caller's. */
  public static CancellationCause of(String reason) {
    return new CancellationCause(reason, null, ContextRegistry.clock().instant());
  }

  /** Whether this cause is a passed deadline. */
  public boolean isDeadlineExceeded() {
    return DEADLINE_EXCEEDED.equals(reason);
  }
}
