package org.communal.core;

import org.jdbi.v3.core.Handle;

/**
 * Where the core reports events. {@link #record} runs inside the transaction that made the
 * change, so an event is kept exactly when the change is (an outbox): a listener that delivers it
 * elsewhere (webhooks) does so after the commit and never inside a user's request.
 */
public interface Events {
  /** Listens to nothing. */
  Events NONE = (tx, event) -> { };

  /**
   * Records an event in the caller's transaction.
   *
   * @param tx the open transaction of the change
   */
  void record(Handle tx, Event event);
}
