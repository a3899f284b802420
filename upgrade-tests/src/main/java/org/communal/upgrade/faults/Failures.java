package org.communal.upgrade.faults;

import java.sql.SQLException;

/** Turns exceptions into the one line a person needs. */
final class Failures {
  private Failures() {}

  /**
   * The message of the deepest cause, where PostgreSQL's own words are ({@code ERROR: relation
   * "x" already exists}), without the driver's position and location lines.
   */
  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    if (root instanceof SQLException) {
      message = message.lines().findFirst().orElse(message);
    }
    return message.strip();
  }

  /**
   * Why a migrator failed, from its output: its own line that gives the reason, or else the end
   * of what it printed.
   */
  static String reason(String output) {
    return output.lines().filter(l -> l.startsWith(Migrator.FAILED_PREFIX))
        .map(l -> l.substring(Migrator.FAILED_PREFIX.length())).reduce((a, b) -> b)
        .orElseGet(() -> tail(output, 1500));
  }

  /** The last characters of a process's output, for a message. */
  static String tail(String output, int max) {
    String text = output.strip();
    return text.length() <= max ? text : "..." + text.substring(text.length() - max);
  }
}
