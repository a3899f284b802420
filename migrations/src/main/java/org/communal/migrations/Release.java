package org.communal.migrations;

import java.util.Objects;

/**
 * A released version of the product and the schema version it shipped.
 *
 * @param name the release name, such as {@code 0.1.0}
 * @param schemaVersion the Flyway version of the newest migration the release shipped, such as
 *     {@code 6}
 */
public record Release(String name, String schemaVersion) {
  public Release {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
  }
}
