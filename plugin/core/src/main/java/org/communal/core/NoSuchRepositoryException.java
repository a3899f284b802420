package org.communal.core;

/** No repository has this id. */
public final class NoSuchRepositoryException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public NoSuchRepositoryException(long id) {
    super("No repository has id " + id + ".");
  }
}
