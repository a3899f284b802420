package org.communal.upgrade.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
* An immutable picture of one PostgreSQL schema's structure, read from pg_catalog, for proving that an
* upgraded database has the same schema as a fresh install.
*
* <p>A snapshot maps an object key to the object's definition text, sorted by key. Keys name objects by
* name, never by position or OID, so equivalent DDL histories (columns added in another order, objects
* created in another order) give equal snapshots. The keys are:
* <ul>
*   <li>{@code table users} (ordinary and partitioned tables), {@code column users.username},
*       {@code constraint users.users_pkey}, {@code index users_username_key},
*       {@code trigger users.audit_users}, {@code sequence users_id_seq}</li>
*   <li>{@code view v}, {@code materialized view mv}, {@code function public.fn(integer)} (procedures too),
*       {@code enum mood}</li>
*   <li>{@code extension citext}, for every extension in the database, wherever it is installed</li>
*   <li>{@code comment table users}, {@code comment view v}, {@code comment column users.username},
*       {@code comment function public.fn(integer)}</li>
* </ul>
*
* <p>Left out: Flyway's {@code flyway_schema_history} table with its indexes and constraints, whose
* contents differ by history by design; objects created by an extension, which its version stands for;
* and data, such as sequences' current values.
*
* <p>Definitions are rendered by PostgreSQL's own {@code pg_get_*def} functions, which qualify names relative
* to the connection's {@code search_path} and vary between PostgreSQL majors. Compare only snapshots read
* from the same major through connections with the same {@code search_path}.
*/
public final class SchemaSnapshot {

  private static final String FLYWAY_HISTORY_TABLE = "flyway_schema_history";

  private final SortedMap<String, String> entries;

  private SchemaSnapshot(SortedMap<String, String> entries) {
    this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /**
  * Reads the structure of one schema. Reads only; the connection's state is left as it was.
  *
  * @param connection an open connection to the database to read
  * @param schema     the schema's name, exactly as stored (for example {@code public})
  * @return the schema's snapshot
  * @throws IllegalArgumentException if the database has no schema of that name
  * @throws SQLException             if reading the catalog fails
  */
  public static SchemaSnapshot read(Connection connection, String schema) throws SQLException {
    requireSchema(connection, schema);
    SortedMap<String, String> entries = new TreeMap<>();
    for (String query : CatalogQueries.ALL) {
      readInto(entries, connection, query, schema);
    }
    return new SchemaSnapshot(entries);
  }

  private static void requireSchema(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(CatalogQueries.SCHEMA_EXISTS)) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalArgumentException("no schema named " + schema);
        }
      }
    }
  }

  private static void readInto(SortedMap<String, String> entries, Connection connection, String query,
                String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, schema);
      statement.setString(2, FLYWAY_HISTORY_TABLE);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          put(entries, rows.getString("key"), rows.getString("definition"));
        }
      }
    }
  }

  /** Refuses to overwrite: two objects sharing a key would hide a difference in one of them. */
  private static void put(SortedMap<String, String> entries, String key, String definition) {
    if (definition == null) {
      throw new IllegalStateException("the catalog gave no definition for " + key);
    }
    String previous = entries.putIfAbsent(key, definition);
    if (previous != null) {
      throw new IllegalStateException("two objects share the key " + key);
    }
  }

  /** Every object key mapped to its definition, sorted by key; the map is unmodifiable. */
  public Map<String, String> entries() {
    return entries;
  }

  /** The number of objects in this snapshot. */
  public int size() {
    return entries.size();
  }

  /**
  * Lists everything that differs between this snapshot, the expected one (for example the fresh
  * install), and {@code actual} (for example the upgraded database).
  *
  * @param actual the snapshot to check against this one
  * @return one difference per key whose definition is not the same on both sides, sorted by key;
  *         empty exactly when the snapshots are equal. The list is unmodifiable.
  */
  public List<SchemaDifference> compare(SchemaSnapshot actual) {
    SortedSet<String> keys = new TreeSet<>(entries.keySet());
    keys.addAll(actual.entries.keySet());
    List<SchemaDifference> differences = new ArrayList<>();
    for (String key : keys) {
      SchemaDifference.between(key, entries.get(key), actual.entries.get(key)).ifPresent(differences::add);
    }
    return List.copyOf(differences);
  }

  /**
  * A report for a failed upgrade test: each difference's {@link SchemaDifference#describe()} on its own
  * line, in the order given, or {@code no differences} if the list is empty.
  */
  public static String report(List<SchemaDifference> differences) {
    if (differences.isEmpty()) {
      return "no differences";
    }
    return differences.stream().map(SchemaDifference::describe).collect(Collectors.joining("\n"));
  }

  /** Snapshots are equal when they hold the same keys with the same definitions. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SchemaSnapshot snapshot && entries.equals(snapshot.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "SchemaSnapshot[" + entries.size() + " objects]";
  }
}
