package org.communal.core;

/** The caller may see the object but not do this to it; the message says who may. */
public final class PermissionDeniedException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "permission-denied";
  }
}
