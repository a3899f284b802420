package org.communal.upgrade;

import java.util.Objects;

/**
 * Something a check found on a path.
 *
 * @param check the check's stable code, such as {@code data-lost} or {@code table-rewrite}
 * @param severity whether it fails the path
 * @param where the object or migration it is about, such as {@code V9 comments} or {@code
 *     table things}; empty when it is about the whole path
 * @param message what went wrong and what to do, in plain words
 */
public record Finding(String check, Severity severity, String where, String message) {
  /** Whether a finding fails its path. */
  public enum Severity {
    /** Fails the path. */
    FAILURE,
    /** Reported, but the path passes: for example a risk in a migration already released. */
    WARNING
  }

  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  /** A failure. */
  public static Finding failure(String check, String where, String message) {
    return new Finding(check, Severity.FAILURE, where, message);
  }

  /** A warning. */
  public static Finding warning(String check, String where, String message) {
    return new Finding(check, Severity.WARNING, where, message);
  }

  /** Whether it fails its path. */
  public boolean fails() {
    return severity == Severity.FAILURE;
  }

  /** One line: {@code [check] where: message}. */
  public String describe() {
    return "[" + check + "] " + (where.isEmpty() ? "" : where + ": ") + message;
  }
}
