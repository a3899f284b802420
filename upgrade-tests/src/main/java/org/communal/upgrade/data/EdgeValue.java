package org.communal.upgrade.data;

import java.util.Objects;

/**
 * An edge value the generator wrote into a column: one of its type's limits, such as the
 * empty string or 24,000 characters of text, as opposed to a realistic value or NULL.
 *
 * @param table the table
 * @param column the column
 * @param value the value, as the text PostgreSQL reads it
 */
public record EdgeValue(String table, String column, String value) {
  public EdgeValue {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
  }
}
