package org.communal.upgrade.faults;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;
import org.communal.upgrade.ScratchDatabase;
import org.flywaydb.core.api.MigrationInfo;

/**
 * What every check of a run shares.
 *
 * @param jvm how to start a migrator JVM
 * @param flyway the migrators' Flyway configuration
 * @param schema the schema whose tables the gate holds and whose structure and data are compared
 * @param zone every session's time zone, in this JVM and in migrator JVMs alike
 * @param timeout the longest any single wait may take
 */
record Settings(ChildJvm jvm, FlywaySettings flyway, String schema, ZoneId zone,
    Duration timeout) {
  Settings {
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(flyway, "flyway");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(timeout, "timeout");
    if (zone instanceof ZoneOffset offset && offset.getTotalSeconds() != 0) {
      throw new IllegalArgumentException("Give a region such as Europe/Berlin, not the offset "
          + offset + ": PostgreSQL reads offsets with the opposite sign.");
    }
  }

  /** A scratch database, with every session in the run's time zone. */
  Endpoint endpoint(ScratchDatabase database) {
    String name = zone instanceof ZoneOffset ? "UTC" : zone.getId();
    return Endpoint.of(database, "-c TimeZone=" + name);
  }

  String historySchema() {
    return flyway.historySchema(schema);
  }

  String historyTable() {
    return flyway.historyTable();
  }

  /** Holds a database's tables, as {@link Gate} describes. */
  Gate hold(Endpoint db) throws java.sql.SQLException {
    return Gate.hold(db, schema, historySchema(), historyTable());
  }

  /**
   * A data source for a migrator in this JVM, whose every lock wait is bounded by the timeout, so
   * that a migration that would wait for ever (such as CREATE INDEX CONCURRENTLY under Flyway's
   * transactional lock) fails instead.
   */
  DataSource inProcess(Endpoint db, String applicationName) {
    return db.dataSource(applicationName, "-c lock_timeout=" + timeout.toMillis());
  }

  /** How a finding names a migration: {@code V2 index names}. */
  static String where(MigrationInfo migration) {
    return "V" + migration.getVersion().getVersion() + " " + migration.getDescription();
  }

  /** A fresh application name for one migrator's sessions. */
  static String application(String role) {
    return "communal-faults-" + role + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFFFL);
  }
}
