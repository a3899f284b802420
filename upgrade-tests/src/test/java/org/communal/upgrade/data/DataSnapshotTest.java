package org.communal.upgrade.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.communal.upgrade.data.TestDatabases.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.communal.upgrade.Finding;
import org.communal.upgrade.Finding.Severity;
import org.junit.jupiter.api.Test;

/**
 * Data preservation: a snapshot of seeded rows compared with the same database after a change
 * that stands in for a migration.
 */
class DataSnapshotTest {
  private static final String SCHEMA = """
      CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8, 2),
        note text, seen timestamp);
      CREATE TABLE tags (item_id int NOT NULL, tag text NOT NULL, PRIMARY KEY (item_id, tag));
      CREATE TABLE log (at int NOT NULL, line text NOT NULL);
      INSERT INTO items
        SELECT i, 'item ' || i, i * 1.5, CASE WHEN i % 2 = 0 THEN 'even' END,
          '2024-10-27 02:30:00'::timestamp + i * interval '1 hour'
        FROM generate_series(1, 10) AS i;
      INSERT INTO tags SELECT i, t FROM generate_series(1, 10) AS i, unnest('{a,b}'::text[]) t;
      INSERT INTO log SELECT i, 'line ' || i FROM generate_series(1, 5) AS i;
      """;

  /** Findings after {@code change} runs on a database that held {@link #SCHEMA}. */
  private static List<Finding> after(String change, Declared declared) throws SQLException {
    try (Connection c = TestDatabases.with(TestDatabases.newest(), "snapshot", SCHEMA)
        .getConnection()) {
      DataSnapshot before = DataSnapshot.read(c, "public");
      execute(c, change);
      return before.compare(c, declared);
    }
  }

  private static List<Finding> after(String change) throws SQLException {
    return after(change, Declared.NONE);
  }

  @Test
  void findsNothingWhenNothingChanged() throws SQLException {
    assertThat(after("ANALYZE")).isEmpty();
  }

  @Test
  void namesLostRowsByTheirKey() throws SQLException {
    List<Finding> findings = after("DELETE FROM items WHERE id IN (3, 7); "
        + "DELETE FROM tags WHERE item_id = 4 AND tag = 'b'");

    assertThat(findings).extracting(Finding::check, Finding::severity, Finding::where)
        .containsExactlyInAnyOrder(
            tuple("data-lost", Severity.FAILURE, "table items"),
            tuple("data-lost", Severity.FAILURE, "table tags"));
    assertThat(findings.get(0).describe()).contains("table items: 10 rows before the upgrade,"
        + " 8 after: 2 row(s) lost, e.g. id=3, id=7.");
    assertThat(findings.get(1).message()).contains("1 row(s) lost, e.g. (item_id, tag)=(4,b)");
  }

  @Test
  void namesChangedValuesByKeyAndColumn() throws SQLException {
    List<Finding> findings = after("UPDATE items SET name = 'renamed' WHERE id = 2; "
        + "UPDATE items SET price = price + 1, note = NULL WHERE id = 4");

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("values-changed");
      assertThat(f.fails()).isTrue();
      assertThat(f.message()).contains("2 of 10 rows changed in the upgrade: id=2 (name),"
          + " id=4 (price, note); by column: name in 1 row(s), price in 1 row(s), note in 1"
          + " row(s).");
    });
  }

  @Test
  void warnsOfAddedRows() throws SQLException {
    List<Finding> findings = after("INSERT INTO items (id, name) VALUES (11, 'new'), (12, 'new')");

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("rows-added");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("2 row(s) added, e.g. id=11, id=12");
    });
  }

  @Test
  void warnsOfADroppedColumnAndStillComparesTheOthers() throws SQLException {
    List<Finding> findings = after("ALTER TABLE items DROP COLUMN note; "
        + "UPDATE items SET name = 'x' WHERE id = 1");

    assertThat(findings).extracting(Finding::check, Finding::severity).containsExactly(
        tuple("column-dropped", Severity.WARNING),
        tuple("values-changed", Severity.FAILURE));
    assertThat(findings.get(0).message()).contains("column note (text) of table items is gone",
        "the 5 non-null values its 10 rows held");
    assertThat(findings.get(1).message()).contains("id=1 (name)");
  }

  @Test
  void matchesRowsOfATableWithoutPrimaryKeyByTheirValues() throws SQLException {
    List<Finding> findings = after("DELETE FROM log WHERE at = 2; "
        + "UPDATE log SET line = 'changed' WHERE at = 4");

    assertThat(findings).extracting(Finding::check).containsExactly("data-lost", "rows-added");
    assertThat(findings.get(0).message()).contains("5 rows before the upgrade, 4 after: 2 row(s)"
        + " lost (the table has no primary key, so a changed row shows as one lost and one"
        + " added), e.g. (2,\"line 2\"), (4,\"line 4\")");
    assertThat(findings.get(1).message()).contains("(4,changed)");
  }

  @Test
  void comparesAColumnWhoseTypeChangedByItsText() throws SQLException {
    List<Finding> findings = after("SET TimeZone = 'UTC'; "
        + "ALTER TABLE items ALTER COLUMN id TYPE bigint, ALTER COLUMN price TYPE numeric(12, 2),"
        + " ALTER COLUMN seen TYPE timestamptz; "
        + "ALTER TABLE items ALTER COLUMN name TYPE varchar(5) USING left(name, 5)");

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("values-changed");
      assertThat(f.message()).contains("10 of 10 rows changed", "name in 10 row(s) (type text"
          + " became character varying(5))").doesNotContain("price", "seen");
    });
  }

  @Test
  void failsWhenATableIsGone() throws SQLException {
    assertThat(after("DROP TABLE tags")).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("table-dropped");
      assertThat(f.fails()).isTrue();
      assertThat(f.message()).contains("table tags is gone after the upgrade, with its 20 rows");
    });
  }

  @Test
  void turnsChangesThatAnAssertionDeclaresIntoWarnings() throws SQLException {
    List<Finding> findings = after("UPDATE items SET name = upper(name), price = 0 WHERE id < 3",
        new Declared(Map.of("items.name", "V2__names_upper.assert")));

    assertThat(findings).filteredOn(Finding::fails).singleElement().extracting(Finding::message)
        .asString().contains("price in 2 row(s)").doesNotContain("name in");
    assertThat(findings).filteredOn(f -> !f.fails()).singleElement().extracting(Finding::message)
        .asString().contains("name in 2 row(s)", "Declared by V2__names_upper.assert.");
  }
}
