package org.communal.context;

/**
 * Marks a context as in use by a thread: closing it waits for the lease (up to the close's
 * timeout). Releasing the last lease of a zombie context finishes its destruction on the
 * releasing thread.
 */
public interface Lease extends AutoCloseable {
  /** Releases the lease. Idempotent. */
  @Override
  void close();
}
