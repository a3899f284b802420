package org.communal.upgrade.data;

import java.util.List;
import java.util.Objects;

/**
 * One assertion file kept beside the migrations: a query, run on the upgraded database, that
 * returns the rows breaking what a migration promises about its data (none when it holds).
 *
 * @param file the file's name, such as {@code V9__names_split.assert}
 * @param version the version of the migration it belongs to, such as {@code 9}
 * @param description what it checks, from the file name
 * @param sql the file's text: one or more queries
 * @param changes the tables and columns ({@code table} or {@code table.column}) that the
 *     migration changes on purpose, from the file's {@code -- changes:} lines
 */
public record Assertion(String file, String version, String description, String sql,
    List<String> changes) {
  public Assertion {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
    changes = List.copyOf(changes);
  }
}
