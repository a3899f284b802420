package org.communal.core;

/** PostgreSQL could not be reached or refused the work; nothing was changed. */
public final class DatabaseUnavailableException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "database-unavailable";
  }
}
