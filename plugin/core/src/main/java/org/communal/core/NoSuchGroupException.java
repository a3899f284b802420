package org.communal.core;

/** No group has this name, or the caller may not see it. */
public final class NoSuchGroupException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public NoSuchGroupException(String name) {
    super("No group is named \"" + name + "\".");
  }
}
