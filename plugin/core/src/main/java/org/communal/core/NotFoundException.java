package org.communal.core;

/** The caller asked for an object that does not exist (or that they may not see). */
public class NotFoundException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public final String code() {
    return "not-found";
  }
}
