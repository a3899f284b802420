package org.communal.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Plain JDBC for tests that look at or prepare rows behind the services' backs. */
final class TestSql {
  private final DataSource dataSource;

  TestSql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every row of a query, each as column label to value read with {@code getObject}. */
  List<Map<String, Object>> rows(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, params);
        ResultSet rs = s.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Every row of a query, each column read as text (arrays and timestamps included). */
  List<List<String>> rowsAsText(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, params);
        ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The single number a query returns. */
  long number(String sql, Object... params) {
    return ((Number) single(sql, params)).longValue();
  }

  /** The single timestamptz a query returns, or null. */
  Instant instant(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, params);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("No row from " + sql);
      }
      OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Runs an update and returns how many rows it changed. */
  int update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private Object single(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("Expected one value from " + sql + ", got " + rows);
    }
    return rows.get(0).values().iterator().next();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      s.setObject(i + 1, params[i]);
    }
    return s;
  }
}
