package org.communal.migrations;

import java.util.List;
import java.util.Optional;

/**
 * Where a database's schema stands against the migrations this code ships.
 *
 * @param current the newest applied schema version, or empty for an empty database
 * @param latest the newest schema version this code ships
 * @param pending the versions this code would apply, oldest first
 */
public record SchemaStatus(Optional<String> current, String latest, List<String> pending) {
  public SchemaStatus {
    pending = List.copyOf(pending);
  }

  /** Whether the database holds every migration this code ships. */
  public boolean upToDate() {
    return pending.isEmpty();
  }
}
