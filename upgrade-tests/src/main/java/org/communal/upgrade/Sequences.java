package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The sequence check's former home.
 *
 * @deprecated use {@link org.communal.upgrade.data.Sequences#check}, which returns findings
 */
@Deprecated
public final class Sequences {
  private Sequences() {}

  /** One line per sequence that is not ahead of its column; empty when all are. */
  public static List<String> behind(Connection c, String schema) throws SQLException {
    return org.communal.upgrade.data.Sequences.behind(c, schema);
  }
}
