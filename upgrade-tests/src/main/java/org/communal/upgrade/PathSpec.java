package org.communal.upgrade;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * One cell of the matrix: where a path starts, on which PostgreSQL major, how it migrates, and in
 * which time zone its JVM and sessions run.
 *
 * @param release the release whose schema the path starts from; empty for an empty database
 * @param schemaVersion the schema version it starts from; empty for an empty database
 * @param major the PostgreSQL major version
 * @param mode batched or one migration at a time
 * @param zone the session time zone (and the JDBC driver's, which sends the JVM's)
 */
public record PathSpec(Optional<String> release, Optional<String> schemaVersion, int major,
    Mode mode, ZoneId zone) {
  public PathSpec {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(zone, "zone");
    if (release.isPresent() != schemaVersion.isPresent()) {
      throw new IllegalArgumentException("a release and its schema version go together");
    }
  }

  /** Where the path starts, in words: {@code 0.2.0} or {@code empty}. */
  public String from() {
    return release.orElse("empty");
  }

  /** A short unique name, such as {@code 0.2.0 -> HEAD, PostgreSQL 13, batched, UTC}. */
  public String name() {
    return from() + " -> HEAD, PostgreSQL " + major + ", " + mode.label() + ", " + zone.getId();
  }

  /** A name fit for files and test ids: {@code 0.2.0-pg13-batched-UTC}. */
  public String slug() {
    return (from() + "-pg" + major + "-" + mode.label() + "-" + zone.getId())
        .replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
