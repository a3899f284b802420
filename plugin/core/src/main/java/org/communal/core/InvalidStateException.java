package org.communal.core;

/**
 * The object is not in a state that allows this (closing a closed review request, publishing when
 * nothing changed); the message says what state it is in and what to do instead.
 */
public final class InvalidStateException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "invalid-state";
  }
}
