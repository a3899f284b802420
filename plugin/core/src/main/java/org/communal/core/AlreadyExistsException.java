package org.communal.core;

/** Something with that name already exists. */
public final class AlreadyExistsException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "already-exists";
  }
}
