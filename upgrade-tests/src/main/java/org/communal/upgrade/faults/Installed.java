package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.communal.upgrade.Finding;
import org.communal.upgrade.data.DataSnapshot;
import org.communal.upgrade.schema.SchemaDifference;
import org.communal.upgrade.schema.SchemaSnapshot;

/**
 * A database's schema and data at one moment, to compare another database (or the same one later)
 * with.
 *
 * @param name what it is, in words, such as {@code a clean upgrade}
 * @param schemaName the schema read
 * @param schema its structure
 * @param data its tables' row counts and fingerprints
 */
record Installed(String name, String schemaName, SchemaSnapshot schema, DataSnapshot data) {

  /** Reads a database's schema and the fingerprints of its tables. */
  static Installed read(String name, Endpoint db, String schemaName) throws SQLException {
    try (Connection c = db.connect()) {
      return new Installed(name, schemaName, SchemaSnapshot.read(c, schemaName),
          DataSnapshot.read(c, schemaName));
    }
  }

  /** How a database's schema differs from this one, one line per object. */
  List<Difference> schemaDifferences(Connection other, String otherName) throws SQLException {
    List<Difference> differences = new ArrayList<>();
    for (SchemaDifference d : schema.compare(SchemaSnapshot.read(other, schemaName))) {
      differences.add(new Difference(d.key(), switch (d.kind()) {
        case MISSING -> "missing " + otherName + " (" + name + " has: " + oneLine(d.expected())
            + ")";
        case EXTRA -> "only " + otherName + ": " + oneLine(d.actual());
        case DIFFERENT -> name + " has " + oneLine(d.expected()) + ", but " + otherName + ": "
            + oneLine(d.actual());
      }));
    }
    return differences;
  }

  /** How a database's data differs from this one, one line per table. */
  List<Difference> dataDifferences(Connection other) throws SQLException {
    return data.compare(other).stream().filter(Finding::fails)
        .map(f -> new Difference(f.where(), f.describe())).toList();
  }

  /** Everything that differs, schema and data, as lines. */
  List<String> differences(Endpoint db, String otherName) throws SQLException {
    try (Connection c = db.connect()) {
      List<String> lines = new ArrayList<>();
      schemaDifferences(c, otherName).forEach(d -> lines.add(d.object() + ": " + d.text()));
      dataDifferences(c).forEach(d -> lines.add(d.text()));
      return lines;
    }
  }

  /**
   * One difference.
   *
   * @param object the object it is about, such as {@code index things_name_idx} or {@code table
   *     things}; empty when unknown
   * @param text what differs
   */
  record Difference(String object, String text) {}

  private static String oneLine(String definition) {
    return definition.replace("\r", "\\r").replace("\n", "\\n");
  }
}
