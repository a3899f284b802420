package org.communal.server;

/** Every exit code of the {@code communal-server} command, decided here and only here. */
public final class ExitCodes {
  /** Stopped normally. */
  public static final int OK = 0;
  /** An unexpected failure; the message and the log say more. */
  public static final int FAILURE = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** PostgreSQL could not be started or reached. */
  public static final int DATABASE_UNAVAILABLE = 3;
  /** The database's schema cannot be used by this version (edited, or newer than the code). */
  public static final int SCHEMA_REFUSED = 4;
  /** The HTTP port could not be opened. */
  public static final int PORT_UNAVAILABLE = 5;

  private ExitCodes() {}
}
