package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.communal.upgrade.BuildServers;
import org.communal.upgrade.Sql;

/** Fresh databases on the build's PostgreSQL servers, for the data checks' tests. */
final class TestDatabases {
  private TestDatabases() {}

  /** The majors present, oldest first. */
  static List<Integer> majors() {
    Set<Integer> majors = BuildServers.get().majors();
    return majors.stream().sorted().toList();
  }

  /** The newest major present. */
  static int newest() {
    List<Integer> majors = majors();
    return majors.get(majors.size() - 1);
  }

  /** A new, empty database on the newest major. */
  static DataSource fresh(String purpose) {
    return BuildServers.get().newDatabase(newest(), purpose);
  }

  /** A new database on a major, with some SQL run in it. */
  static DataSource with(int major, String purpose, String sql) throws SQLException {
    DataSource ds = BuildServers.get().newDatabase(major, purpose);
    try (Connection c = ds.getConnection()) {
      execute(c, sql);
    }
    return ds;
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of every row of a query, as text. */
  static List<String> column(Connection c, String sql) throws SQLException {
    return Sql.rows(c, sql).stream().map(r -> r.get(0)).toList();
  }

  /** A query's single value, as text. */
  static String value(Connection c, String sql) throws SQLException {
    return Sql.rows(c, sql).get(0).get(0);
  }
}
