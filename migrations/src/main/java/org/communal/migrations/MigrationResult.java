package org.communal.migrations;

import java.util.Optional;

/**
 * What a {@link Migrations#migrate()} call did.
 *
 * @param from the schema version before, or empty for an empty database
 * @param to the schema version after
 * @param applied how many migrations ran
 */
public record MigrationResult(Optional<String> from, String to, int applied) {}
