package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.communal.upgrade.data.Declared;

/**
 * The data snapshot's former home, with its line-per-problem API.
 *
 * @deprecated use {@link org.communal.upgrade.data.DataSnapshot}, which returns findings
 */
@Deprecated
public final class DataSnapshot {
  private final org.communal.upgrade.data.DataSnapshot snapshot;

  private DataSnapshot(org.communal.upgrade.data.DataSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Reads every table of the schema (Flyway's history excluded), every column. */
  public static DataSnapshot read(Connection c, String schema) throws SQLException {
    return new DataSnapshot(org.communal.upgrade.data.DataSnapshot.read(c, schema));
  }

  /** The tables that hold no rows. */
  public List<String> emptyTables() {
    return snapshot.emptyTables();
  }

  /** Every failure of the comparison with the upgraded database, one line each. */
  public List<String> compareWith(Connection upgraded) throws SQLException {
    return snapshot.compare(upgraded, Declared.NONE).stream().filter(Finding::fails)
        .map(Finding::describe).toList();
  }
}
