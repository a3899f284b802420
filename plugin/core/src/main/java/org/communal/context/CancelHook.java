package org.communal.context;

/**
 * Aborts work in flight when its context is cancelled (a remote call, a fetch). Hooks run parent
 * first, outside any lock; a hook registered on an already cancelled context runs at once.
 */
@FunctionalInterface
public interface CancelHook {
  void cancelled(CancellationCause cause) throws Exception;
}
