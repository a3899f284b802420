package org.communal.context;

import java.util.ArrayList;
import java.util.List;

/**
 * What a close (or a cancel) collected on the way: failures and leases that outlived the timeout,
 * with lists made only when there is something to hold. Used by one thread.
 */
final class CloseOutcome {
  private List<ContextCloseException.Failure> failures;
  private List<ContextCloseException.LeaseTimeout> timeouts;

  void fail(String path, Throwable error) {
    if (failures == null) {
      failures = new ArrayList<>();
    }
    failures.add(new ContextCloseException.Failure(path, error));
  }

  void leaseTimeout(String path, String thread, Throwable acquiredAt) {
    if (timeouts == null) {
      timeouts = new ArrayList<>();
    }
    timeouts.add(new ContextCloseException.LeaseTimeout(path, thread, acquiredAt));
  }

  void addAll(ContextCloseException e) {
    e.failures().forEach(f -> fail(f.path(), f.error()));
    e.leaseTimeouts().forEach(l -> leaseTimeout(l.path(), l.thread(), l.acquiredAt()));
  }

  /**
   * Throws what was collected, if anything: an {@link Error} as itself (the rest suppressed),
   * otherwise one {@link ContextCloseException} for {@code path}.
   */
  void throwIfFailed(String path) {
    if (failures == null && timeouts == null) {
      return;
    }
    List<ContextCloseException.Failure> f = failures == null ? List.of() : failures;
    ContextCloseException e = new ContextCloseException(path, f,
        timeouts == null ? List.of() : timeouts);
    for (ContextCloseException.Failure failure : f) {
      if (failure.error() instanceof Error error) {
        error.addSuppressed(e);
        throw error;
      }
    }
    throw e;
  }
}
