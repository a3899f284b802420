package org.communal.migrations;

import java.util.Objects;

/**
 * One problem found by a check, with a stable code that scripts and tests can match on and a
 * message for people.
 *
 * @param code stable, lower-case, hyphenated (for example {@code released-migration-changed})
 * @param message what is wrong, with which file or version, and how to fix it
 */
public record Problem(String code, String message) {
  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "[" + code + "] " + message;
  }
}
