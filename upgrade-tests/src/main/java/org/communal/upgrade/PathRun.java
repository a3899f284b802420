package org.communal.upgrade;

import java.util.Map;
import java.util.Optional;
import org.communal.upgrade.FailedStatement.Failure;

/**
 * One run of a path.
 *
 * @param result what it found
 * @param dataAfter its data after the upgrade, for the time zone check; null when it did not get
 *     that far
 * @param migrationFailed whether a migration failed
 * @param failure the statement it failed at, when Flyway named one
 */
record PathRun(PathResult result, Map<String, String> dataAfter, boolean migrationFailed,
    Optional<Failure> failure) {}
