package org.communal.upgrade.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communal.upgrade.data.TestDatabases.execute;
import static org.communal.upgrade.data.TestDatabases.value;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.communal.upgrade.Finding;
import org.junit.jupiter.api.Test;

/** After an upgrade, a new row goes into every table, or the finding says why not. */
class InsertsTest {
  @Test
  void insertsIntoEveryTableOfAHealthySchemaAndKeepsNothing() throws SQLException {
    try (Connection c = TestDatabases.with(TestDatabases.newest(), "inserts_ok",
        DataGeneratorTest.EVERYTHING).getConnection()) {
      DataGenerator.fill(c, "public", 10, 1L);

      assertThat(Inserts.check(c, "public", 2L)).isEmpty();
      assertThat(value(c, "SELECT count(*) FROM things")).isEqualTo("10");
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void failsWhenASequenceIsBehindItsColumn() throws SQLException {
    try (Connection c = TestDatabases.with(TestDatabases.newest(), "inserts_sequence", """
        CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL);
        INSERT INTO things (id, name) VALUES (1, 'apple'), (2, 'banana'), (3, 'cherry');
        """).getConnection()) {
      List<Finding> findings = Inserts.check(c, "public", 1L);

      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.check()).isEqualTo("insert-failed");
        assertThat(f.fails()).isTrue();
        assertThat(f.where()).isEqualTo("table things");
        assertThat(f.message()).contains("duplicate key value violates unique constraint"
            + " \"things_pkey\"", "Key (id)=(1) already exists", "setval()");
      });
    }
  }

  @Test
  void failsWhenANotNullColumnWithoutDefaultIsNewToTheReleaseBefore() throws SQLException {
    try (Connection c = TestDatabases.with(TestDatabases.newest(), "inserts_not_null", """
        CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL);
        INSERT INTO things (name) VALUES ('apple'), ('banana');
        """).getConnection()) {
      DataSnapshot before = DataSnapshot.read(c, "public");
      execute(c, "ALTER TABLE things ADD COLUMN owner text NOT NULL DEFAULT 'nobody';"
          + " ALTER TABLE things ALTER COLUMN owner DROP DEFAULT");

      List<Finding> asBefore = Inserts.check(c, "public", 1L, before);

      assertThat(asBefore).singleElement().satisfies(f -> {
        assertThat(f.check()).isEqualTo("insert-failed");
        assertThat(f.where()).isEqualTo("table things");
        assertThat(f.message()).contains("as the release before writes it (without the new"
            + " columns owner)", "null value in column \"owner\"", "needs a default");
      });
      assertThat(Inserts.check(c, "public", 1L)).as("setting every column").isEmpty();
    }
  }

  @Test
  void fillsATableThatTheUpgradeCreatedBeforeInsertingIntoOneThatReferencesIt()
      throws SQLException {
    try (Connection c = TestDatabases.with(TestDatabases.newest(), "inserts_parents", """
        CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL);
        INSERT INTO things (name) VALUES ('apple');
        CREATE TABLE labels (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
        CREATE TABLE thing_labels (thing_id int NOT NULL REFERENCES things (id),
          label_id int NOT NULL REFERENCES labels (id), PRIMARY KEY (thing_id, label_id));
        """).getConnection()) {
      assertThat(Inserts.check(c, "public", 1L)).isEmpty();
      assertThat(value(c, "SELECT count(*) FROM labels")).isEqualTo("0");
    }
  }
}
