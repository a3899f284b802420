package org.communal.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells when the client of a request in progress has gone away, so that its work is cancelled at
 * once. The servlet API has no way to ask, so each server supplies its own; the default knows
 * nothing and reports nothing.
 */
@FunctionalInterface
public interface ClientDisconnects {
  /** Reports nothing. */
  ClientDisconnects NONE = (request, gone) -> Watch.NONE;

  /**
   * Starts watching a request whose body has been read completely.
   *
   * @param gone called once, on another thread, if the client disconnects before the watch is
   *     closed
   */
  Watch watch(HttpServletRequest request, Runnable gone);

  /** One request's watch; close it before the response is written. */
  interface Watch extends AutoCloseable {
    Watch NONE = new Watch() {
      @Override
      public void close() {}

      @Override
      public boolean consumedInput() {
        return false;
      }
    };

    /** Stops watching. Idempotent. */
    @Override
    void close();

    /**
     * Whether watching consumed input meant for a later request on the same connection (a client
     * that pipelines): the connection must then close after this response.
     */
    boolean consumedInput();
  }
}
