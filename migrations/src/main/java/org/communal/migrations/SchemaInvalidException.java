package org.communal.migrations;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The migrations recorded in the database do not match the ones this code ships (a released
 * migration was edited, or one was deleted). Every problem is listed, not only the first.
 */
public final class SchemaInvalidException extends MigrationException {
  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  SchemaInvalidException(List<Problem> problems) {
    super("The database schema history does not match this Communal's migrations:\n"
        + problems.stream().map(p -> "  - [" + p.code() + "] " + p.message())
            .collect(Collectors.joining("\n"))
        + "\nA released migration must never change: restore the file as it was released and "
        + "put the change in a new migration.");
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in migration order. */
  public List<Problem> problems() {
    return problems;
  }
}
