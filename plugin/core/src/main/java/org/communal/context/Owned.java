package org.communal.context;

import java.util.Objects;

/**
 * A resource owned by a context: it is destroyed when that context closes, or earlier through
 * {@link #close()}. Thread-safe.
 */
public final class Owned<T> implements AutoCloseable {
  private final T resource;
  private final Destructor<? super T> destructor;
  private final Context context;

  Owned(T resource, Destructor<? super T> destructor, Context context) {
    this.resource = Objects.requireNonNull(resource, "resource");
    this.destructor = destructor;
    this.context = context;
  }

  /** The resource. */
  public T get() {
    return resource;
  }

  /** The context that owns it (a child of the context that was asked to own it). */
  public Context context() {
    return context;
  }

  /** Destroys the resource now. */
  @Override
  public void close() {
    context.close();
  }

  /** Runs the destructor; called once, by the owning context's close. */
  void destroyResource() throws Exception {
    destructor.destroy(resource);
  }
}
