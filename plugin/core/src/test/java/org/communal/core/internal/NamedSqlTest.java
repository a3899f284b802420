package org.communal.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
  @Test
  void namedParametersBecomeQuestionMarksInOrderAndCastsAreLeftAlone() {
    NamedSql sql = NamedSql.of("SELECT CAST(:a AS bigint) + :b, 'x:y', ' :quoted', :a::text");

    assertEquals("SELECT CAST(? AS bigint) + ?, 'x:y', ' :quoted', ?::text", sql.jdbc());
    assertEquals(List.of("a", "b", "a"), sql.names());
  }

  @Test
  void valuesAreBoundByNameIncludingNulls() throws Exception {
    NamedSql sql = NamedSql.of("SELECT CAST(:n AS bigint) * 2, coalesce(:s, 'none')");
    Map<String, Object> values = new HashMap<>();
    values.put("n", 21L);
    values.put("s", null);

    try (Connection c = TestPostgres.emptyDatabase().dataSource().getConnection();
        PreparedStatement p = sql.prepare(c, values); ResultSet rs = p.executeQuery()) {
      rs.next();
      assertEquals(42, rs.getLong(1));
      assertEquals("none", rs.getString(2));
    }
  }

  @Test
  void arraysAreBoundAsArraysOfTheirElementsType() throws Exception {
    NamedSql sql = NamedSql.of("SELECT array_length(:ids, 1), (:ids)[2] + 1, (:names)[1]");

    try (Connection c = TestPostgres.emptyDatabase().dataSource().getConnection();
        PreparedStatement p = sql.prepare(c, Map.of("ids", new Long[] {5L, 41L},
            "names", new String[] {"a", null})); ResultSet rs = p.executeQuery()) {
      rs.next();
      assertEquals(2, rs.getInt(1));
      assertEquals(42, rs.getLong(2));
      assertEquals("a", rs.getString(3));
    }
  }

  @Test
  void aTypedNullReachesPostgresqlWithItsType() throws Exception {
    NamedSql sql = NamedSql.of("SELECT pg_typeof(:x)::text");

    try (Connection c = TestPostgres.emptyDatabase().dataSource().getConnection();
        PreparedStatement p = sql.prepare(c, Map.of("x", new NamedSql.Null(Types.BIGINT)));
        ResultSet rs = p.executeQuery()) {
      rs.next();
      assertEquals("bigint", rs.getString(1));
    }
  }

  @Test
  void aMissingValueIsNamed() throws Exception {
    NamedSql sql = NamedSql.of("SELECT :present, :missing");

    try (Connection c = TestPostgres.emptyDatabase().dataSource().getConnection()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sql.prepare(c, Map.of("present", 1)));
      assertEquals("no value for :missing in SELECT ?, ?", e.getMessage());
    }
  }
}
