package org.communal.upgrade.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.communal.upgrade.data.TestDatabases.column;
import static org.communal.upgrade.data.TestDatabases.execute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.Migrations;
import org.communal.upgrade.Finding;
import org.communal.upgrade.schema.SchemaSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assertion files beside the migrations, and the copy of the data before the upgrade. */
class TransformationsTest {
  private static final String LOCATION = "classpath:org/communal/upgrade/data/transformations";
  private static final String INVALID =
      "classpath:org/communal/upgrade/data/transformations-invalid";
  private static final String PEOPLE = """
      INSERT INTO people VALUES (1, 'Ada Lovelace'), (2, 'Grace Brewster Hopper'), (3, 'Zoë'),
        (4, 'Émile Zola');
      """;

  private static Migrations.Builder migrations(DataSource ds, String location) {
    return Migrations.configure().dataSource(ds).locations(location);
  }

  @Test
  void readsTheAssertionsBesideTheMigrations() {
    Transformations t = Transformations.load(LOCATION);

    assertThat(t.problems()).isEmpty();
    assertThat(t.assertions()).extracting(Assertion::file, Assertion::version,
        Assertion::description).containsExactly(
            tuple("V2__names_split.assert", "2", "names split"),
            tuple("V3__initials_backfilled.assert", "3", "initials backfilled"),
            tuple("V4__emails_present.assert", "4", "emails present"));
    assertThat(t.assertions().get(0).changes())
        .containsExactly("people.full_name", "people.first_name", "people.last_name");
    assertThat(t.declared(List.of("3")).entries())
        .containsExactly(Map.entry("people.initials", "V3__initials_backfilled.assert"));
  }

  @Test
  void readsAFilesystemLocationAndItsFoldersBelow(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("V1__create_people.sql"), "CREATE TABLE people (id int);");
    Files.createDirectories(dir.resolve("later"));
    Files.writeString(dir.resolve("later/V1_1__people_named.sql"), "SELECT 1;");
    Files.writeString(dir.resolve("later/V1_1__people_named.assert"), "SELECT 1 WHERE false;");

    Transformations t = Transformations.load("filesystem:" + dir);

    assertThat(t.problems()).isEmpty();
    assertThat(t.assertions()).extracting(Assertion::file, Assertion::version)
        .containsExactly(tuple("V1_1__people_named.assert", "1.1"));
    assertThat(t.declared(List.of("1.1")).entries()).isEmpty();
  }

  @Test
  void runsTheAssertionsOfTheMigrationsThatRanAndShowsTheRowsOfOneThatFails()
      throws SQLException {
    DataSource ds = TestDatabases.fresh("assertions");
    migrations(ds, LOCATION).target("1").load().migrate();
    try (Connection c = ds.getConnection()) {
      execute(c, PEOPLE);
      BeforeCopy.take(c, "public");
      migrations(ds, LOCATION).target("3").load().migrate();
      List<String> ran = Transformations.versionsApplied(c, "public", "1");

      List<Finding> findings = Transformations.load(LOCATION).run(c, "public", ran);

      assertThat(ran).containsExactly("2", "3");
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.check()).isEqualTo("transformation-failed");
        assertThat(f.fails()).isTrue();
        assertThat(f.where()).isEqualTo("V3__initials_backfilled.assert");
        assertThat(f.message()).contains("query 1 returned 3 offending row(s): id=1,"
            + " first_name=Ada, last_name=Lovelace, initials=A; id=2, first_name=Grace,"
            + " last_name=Brewster Hopper, initials=G; id=4");
      });
    }
  }

  @Test
  void reportsAnAssertionThatCannotRunAndFilesThatBreakTheConvention() throws SQLException {
    Transformations t = Transformations.load(INVALID);
    DataSource ds = TestDatabases.fresh("invalid_assertions");
    migrations(ds, INVALID).load().migrate();
    try (Connection c = ds.getConnection()) {
      List<Finding> ran = t.run(c, "public", List.of("1"));

      assertThat(ran).singleElement().satisfies(f -> {
        assertThat(f.check()).isEqualTo("transformation-broken");
        assertThat(f.where()).isEqualTo("V1__broken.assert");
        assertThat(f.message()).contains("no_such_table");
      });
    }
    assertThat(t.problems()).extracting(Finding::check, Finding::where).containsExactly(
        tuple("transformation-invalid", "V1__bad_changes.assert"),
        tuple("transformation-invalid", "V9__orphan.assert"),
        tuple("transformation-invalid", "names_without_version.assert"));
    assertThat(t.problems().get(1).message()).contains("no migration of version 9");
  }

  @Test
  void flywayNeitherRunsNorMindsTheAssertionFiles() throws SQLException {
    DataSource ds = TestDatabases.fresh("flyway_ignores");
    Migrations m = migrations(ds, LOCATION).load();

    m.migrate();

    assertThat(m.validate()).isEmpty();
    try (Connection c = ds.getConnection()) {
      assertThat(column(c, "SELECT script FROM flyway_schema_history ORDER BY installed_rank"))
          .containsExactly("V1__create_people.sql", "V2__split_names.sql",
              "V3__backfill_initials.sql", "V4__add_emails.sql");
    }
    assertThat(MigrationFiles.read(getClass().getClassLoader(), LOCATION).keySet())
        .noneMatch(f -> f.endsWith(Transformations.SUFFIX));
  }

  @Test
  void theCopyOfTheDataBeforeTheUpgradeLeavesTheSchemaAlone() throws SQLException {
    DataSource ds = TestDatabases.fresh("before_copy");
    try (Connection c = ds.getConnection()) {
      execute(c, """
          CREATE TYPE mood AS ENUM ('sad', 'happy');
          CREATE TABLE feelings (id serial PRIMARY KEY, mood mood NOT NULL, moods mood[]);
          INSERT INTO feelings (mood, moods) VALUES ('sad', '{happy}'), ('happy', NULL);
          """);
      SchemaSnapshot schema = SchemaSnapshot.read(c, "public");

      assertThat(BeforeCopy.take(c, "public")).containsExactly("feelings");

      assertThat(SchemaSnapshot.read(c, "public")).isEqualTo(schema);
      assertThat(column(c, "SELECT mood || ' ' || coalesce(moods, '-') FROM"
          + " upgrade_before.feelings ORDER BY id")).containsExactly("sad {happy}", "happy -");
      // A migration may drop a type the copy held: the copy holds text, not the type.
      execute(c, "ALTER TABLE feelings ALTER COLUMN mood TYPE text, DROP COLUMN moods;"
          + " DROP TYPE mood");
      BeforeCopy.drop(c);
      assertThat(column(c, "SELECT nspname FROM pg_namespace WHERE nspname = 'upgrade_before'"))
          .isEmpty();
    }
  }
}
