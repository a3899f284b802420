package org.communal.migrations;

import java.util.Objects;

/**
 * A migration file that shipped in a release, with the SHA-256 of its bytes as released.
 *
 * @param file the file name, such as {@code V1__create_users.sql}
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param release the name of the release that first shipped the file
 */
public record ReleasedMigration(String file, String sha256, String release) {
  public ReleasedMigration {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(release, "release");
  }
}
