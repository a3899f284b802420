package org.communal.upgrade.faults;

import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.communal.migrations.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway configuration that every migrator of a check uses, in-process or in a JVM of its own,
 * as Flyway's own configuration properties ({@code flyway.locations}, {@code flyway.table}, {@code
 * flyway.placeholders.name} ...), so that it crosses a process boundary as plain text.
 *
 * @param properties Flyway properties, each key starting with {@code flyway.}; {@code
 *     flyway.locations} is required
 */
record FlywaySettings(Map<String, String> properties) {
  static final String LOCATIONS = "flyway.locations";
  static final String TRANSACTIONAL_LOCK = Migrations.TRANSACTIONAL_LOCK;
  private static final String TABLE = "flyway.table";
  private static final String DEFAULT_SCHEMA = "flyway.defaultSchema";
  private static final String SCHEMAS = "flyway.schemas";

  FlywaySettings {
    properties = new TreeMap<>(properties);
    properties.keySet().stream().filter(k -> !k.startsWith("flyway.")).findFirst().ifPresent(k -> {
      throw new IllegalArgumentException("Flyway property " + k + " does not start with flyway.;"
          + " use Flyway's configuration property names, such as flyway.placeholders.owner");
    });
    if (!properties.containsKey(LOCATIONS)) {
      throw new IllegalArgumentException("no " + LOCATIONS + ": say where the migrations are");
    }
    String lock = properties.getOrDefault(TRANSACTIONAL_LOCK, "true");
    if (!lock.equals("true") && !lock.equals("false")) {
      throw new IllegalArgumentException(
          TRANSACTIONAL_LOCK + " must be true or false, not " + lock);
    }
    properties = Map.copyOf(properties);
  }

  /** The schema history table's name. */
  String historyTable() {
    return properties.getOrDefault(TABLE, "flyway_schema_history");
  }

  /**
   * The schema the history table lives in, as Flyway picks it: the default schema, else the first
   * of the schemas, else the given one (the connection's).
   */
  String historySchema(String otherwise) {
    String schemas = properties.getOrDefault(SCHEMAS, "").strip();
    return properties.getOrDefault(DEFAULT_SCHEMA,
        schemas.isEmpty() ? otherwise : schemas.split(",")[0].strip());
  }

  /** A Flyway configuration on a data source, with {@code clean} disabled. */
  FluentConfiguration configure(DataSource dataSource) {
    return Migrations.configure(Flyway.configure(FlywaySettings.class.getClassLoader()),
        properties).dataSource(dataSource).cleanDisabled(true);
  }
}
