package org.communal.context;

/** Where a context is in its life. */
public enum State {
  /** Accepts children, resources and leases. */
  OPEN,
  /** Being closed: accepts nothing new. */
  CLOSING,
  /**
   * Its destructors wait for a lease that outlived the close timeout; they run on the thread that
   * releases the last lease.
   */
  ZOMBIE,
  /** Destroyed. */
  CLOSED
}
