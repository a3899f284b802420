package org.communal.migrations;

/**
 * The database was migrated by a newer Communal than this one. Running older code against a newer
 * schema can lose data, so Communal refuses to start.
 */
public final class SchemaTooNewException extends MigrationException {
  private static final long serialVersionUID = 1L;

  private final String databaseVersion;
  private final String codeVersion;

  SchemaTooNewException(String databaseVersion, String codeVersion) {
    super("The database is at schema version " + databaseVersion
        + ", but this Communal knows schema versions up to " + codeVersion
        + ": a newer Communal has upgraded it. Run that newer Communal (or a later one), "
        + "or restore the backup taken before the upgrade.");
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }

  /** The newest schema version recorded in the database. */
  public String databaseVersion() {
    return databaseVersion;
  }

  /** The newest schema version this code ships. */
  public String codeVersion() {
    return codeVersion;
  }
}
