package org.communal.core;

import java.util.Optional;

/**
 * Whether the service can do its work.
 *
 * @param databaseUp whether PostgreSQL answered
 * @param schemaVersion the schema version the database is at, when it answered
 * @param detail a sentence for an admin: what is wrong and what to do, or "ok"
 */
public record Health(boolean databaseUp, Optional<String> schemaVersion, String detail) {}
