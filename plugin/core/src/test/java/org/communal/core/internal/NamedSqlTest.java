package org.communal.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
  private final DataSource database = TestPostgres.emptyDatabase().dataSource();

  @Test
  void namedParametersBecomeQuestionMarksInOrderAndCastsAreLeftAlone() {
    NamedSql sql = NamedSql.of("SELECT CAST(:a AS bigint) + :b, 'x:y', ' :quoted', :a::text");

    assertEquals("SELECT CAST(? AS bigint) + ?, 'x:y', ' :quoted', ?::text", sql.jdbc());
    assertEquals(List.of("a", "b", "a"), sql.names());
  }

  @Test
  void valuesAreBoundByNameIncludingNulls() throws Exception {
    Map<String, Object> values = new HashMap<>();
    values.put("n", 21L);
    values.put("s", null);

    assertEquals(List.of("42", "none"), firstRow(
        NamedSql.of("SELECT CAST(:n AS bigint) * 2, coalesce(:s, 'none')"), values));
  }

  @Test
  void arraysAreBoundAsArraysOfTheirElementsType() throws Exception {
    assertEquals(List.of("2", "42", "a"), firstRow(
        NamedSql.of("SELECT array_length(:ids, 1), (:ids)[2] + 1, (:names)[1]"),
        Map.of("ids", new Long[] {5L, 41L}, "names", new String[] {"a", null})));
  }

  @Test
  void aTypedNullReachesPostgresqlWithItsType() throws Exception {
    assertEquals(List.of("bigint"), firstRow(NamedSql.of("SELECT pg_typeof(:x)::text"),
        Map.of("x", new NamedSql.Null(Types.BIGINT))));
  }

  @Test
  void anArrayOfATypeWithoutASqlArrayTypeIsNamed() throws Exception {
    NamedSql sql = NamedSql.of("SELECT :flags");

    try (Connection c = database.getConnection()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sql.prepare(c, Map.of("flags", new Boolean[] {true})));
      assertEquals("no SQL array type for Boolean[] (:flags)", e.getMessage());
    }
  }

  @Test
  void aMissingValueIsNamed() throws Exception {
    NamedSql sql = NamedSql.of("SELECT :present, :missing");

    try (Connection c = database.getConnection()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sql.prepare(c, Map.of("present", 1)));
      assertEquals("no value for :missing in SELECT ?, ?", e.getMessage());
    }
  }

  @Test
  void queriesAndUpdatesRunInTheHandlesTransactionAndFailAsJdbiDoes() {
    Jdbi jdbi = Jdbi.create(database);
    jdbi.useHandle(h -> h.execute("CREATE TABLE things (id bigint PRIMARY KEY, name text)"));
    NamedSql insert = NamedSql.of("INSERT INTO things (id, name) VALUES (:id, :name)");

    int rolledBack = jdbi.withHandle(h -> {
      h.begin();
      int count = insert.update(h, Map.of("id", 1L, "name", "first"));
      h.rollback();
      return count;
    });
    jdbi.useHandle(h -> insert.update(h, Map.of("id", 2L, "name", "second")));
    List<String> names = jdbi.withHandle(h -> NamedSql.of("SELECT name FROM things"
        + " WHERE id >= :from ORDER BY id").query(h, Map.of("from", 0L), rs -> rs.getString(1)));
    UnableToExecuteStatementException duplicate = assertThrows(
        UnableToExecuteStatementException.class,
        () -> jdbi.useHandle(h -> insert.update(h, Map.of("id", 2L, "name", "again"))));

    assertEquals(1, rolledBack);
    assertEquals(List.of("second"), names);
    assertEquals("23505", assertInstanceOf(SQLException.class, duplicate.getCause())
        .getSQLState());
  }

  private List<String> firstRow(NamedSql sql, Map<String, ?> values) throws Exception {
    try (Connection c = database.getConnection(); PreparedStatement p = sql.prepare(c, values);
        ResultSet rs = p.executeQuery()) {
      rs.next();
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(rs.getString(i));
      }
      return row;
    }
  }
}
