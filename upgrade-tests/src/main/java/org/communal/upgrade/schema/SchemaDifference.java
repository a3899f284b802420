package org.communal.upgrade.schema;

import java.util.Objects;
import java.util.Optional;

/**
* One object whose definition is not the same in two {@link SchemaSnapshot}s.
*
* <p>The expected side is the fresh install and the actual side the upgraded database, which is how
* {@link #describe()} words it.
*
* @param key      the object key, such as {@code column users.username}
* @param kind     which side has the object
* @param expected the fresh install's definition; {@code null} exactly when {@code kind} is {@link Kind#EXTRA}
* @param actual   the upgraded database's definition; {@code null} exactly when {@code kind} is
*                 {@link Kind#MISSING}
*/
public record SchemaDifference(String key, Kind kind, String expected, String actual) {

  /** Which side of the comparison has the object. */
  public enum Kind {
    /** Only the expected snapshot (the fresh install) has the object. */
    MISSING,
    /** Only the actual snapshot (the upgraded database) has the object. */
    EXTRA,
    /** Both have the object, with different definitions. */
    DIFFERENT
  }

  /**
  * Checks that the definitions present match the kind.
  *
  * @throws NullPointerException     if {@code key} or {@code kind} is {@code null}
  * @throws IllegalArgumentException if a definition is present or absent against what {@code kind} says
  */
  public SchemaDifference {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    if ((expected == null) != (kind == Kind.EXTRA) || (actual == null) != (kind == Kind.MISSING)) {
      throw new IllegalArgumentException(
          key + ": a " + kind + " difference cannot have expected=" + expected + ", actual=" + actual);
    }
  }

  /** The difference between two definitions of one key, where {@code null} means absent; empty if equal. */
  static Optional<SchemaDifference> between(String key, String expected, String actual) {
    if (Objects.equals(expected, actual)) {
      return Optional.empty();
    }
    Kind kind = expected == null ? Kind.EXTRA : actual == null ? Kind.MISSING : Kind.DIFFERENT;
    return Optional.of(new SchemaDifference(key, kind, expected, actual));
  }

  /**
  * One line describing this difference for a person reading a failed upgrade test, for example
  * {@code index foo_idx: missing from the upgraded database (fresh install has: CREATE INDEX ...)}.
  * Line breaks inside definitions (function bodies, views) are shown as {@code \n}.
  */
  public String describe() {
    return switch (kind) {
      case MISSING -> key + ": missing from the upgraded database (fresh install has: " + oneLine(expected) + ")";
      case EXTRA -> key + ": only in the upgraded database (" + oneLine(actual) + ")";
      case DIFFERENT -> key + ": different — fresh install: " + oneLine(expected)
          + " / upgraded: " + oneLine(actual);
    };
  }

  /** Escapes rather than collapses line breaks, so that a whitespace-only change stays visible. */
  private static String oneLine(String definition) {
    return definition.replace("\r", "\\r").replace("\n", "\\n");
  }
}
