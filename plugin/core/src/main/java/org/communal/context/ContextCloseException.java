package org.communal.context;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Destructors or cancel hooks failed, or leases outlived the timeout, while a subtree closed.
 * Everything was closed anyway (zombies finish later); this lists every failure, in close order.
 * The first failure is the cause and the others are suppressed.
 */
public final class ContextCloseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One failure.
   *
   * @param path the path of the context whose destructor or hook failed
   * @param error what it threw
   */
  public record Failure(String path, Throwable error) {}

  /**
   * A lease that outlived the close's timeout.
   *
   * @param path the leased context, now a zombie
   * @param thread the name of the thread that acquired the lease
   * @param acquiredAt where it was acquired (with leak detection at ADVANCED or above), or null
   */
  public record LeaseTimeout(String path, String thread, Throwable acquiredAt) {}

  private final transient List<Failure> failures;
  private final transient List<LeaseTimeout> leaseTimeouts;

  ContextCloseException(String path, List<Failure> failures, List<LeaseTimeout> leaseTimeouts) {
    super(message(path, failures, leaseTimeouts),
        failures.isEmpty() ? null : failures.get(0).error());
    this.failures = List.copyOf(failures);
    this.leaseTimeouts = List.copyOf(leaseTimeouts);
    failures.stream().skip(1).forEach(f -> addSuppressed(f.error()));
  }

  /** Every destructor or hook failure, in close order. */
  public List<Failure> failures() {
    return failures;
  }

  /** Every lease that outlived the timeout. */
  public List<LeaseTimeout> leaseTimeouts() {
    return leaseTimeouts;
  }

  private static String message(String path, List<Failure> failures, List<LeaseTimeout> leases) {
    return "Closing " + path + ": " + failures.size() + " failure(s)"
        + failures.stream().map(f -> "\n  " + f.path() + ": " + f.error())
            .collect(Collectors.joining())
        + (leases.isEmpty() ? "" : "\n" + leases.size() + " lease(s) outlived the timeout"
            + leases.stream().map(l -> "\n  " + l.path() + " held by thread " + l.thread())
                .collect(Collectors.joining()));
  }
}
