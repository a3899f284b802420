package org.communal.context;

/**
 * Releases a resource when its context closes. It cannot veto: whatever it throws is recorded
 * with the context's path, the cascade goes on, and every failure is thrown once at the end.
 */
@FunctionalInterface
public interface Destructor<T> {
  void destroy(T resource) throws Exception;
}
