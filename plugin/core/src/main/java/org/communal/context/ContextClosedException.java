package org.communal.context;

/** The context is closing or closed: it takes no new children, resources or leases. */
public final class ContextClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ContextClosedException(String path, State state) {
    super("Context " + path + " is " + state.name().toLowerCase(java.util.Locale.ROOT)
        + ": it takes no new children, resources or leases.");
  }
}
