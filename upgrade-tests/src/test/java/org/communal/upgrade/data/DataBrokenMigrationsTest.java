package org.communal.upgrade.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.communal.migrations.Migrations;
import org.communal.upgrade.Finding;
import org.junit.jupiter.api.Test;

/**
 * Each broken migration set that damages data is caught by the data checks, with the right code.
 * Release 1.0 shipped V1; the upgrade applies the rest to generated rows.
 */
class DataBrokenMigrationsTest {
  private static final long SEED = 42L;

  /** Every data finding of the upgrade from V1 to the set's last migration. */
  private static List<Finding> upgrade(String set) throws SQLException {
    String location = "classpath:org/communal/upgrade/broken/" + set;
    DataSource ds = TestDatabases.fresh("broken_" + set);
    Migrations.configure().dataSource(ds).locations(location).target("1").load().migrate();
    try (Connection c = ds.getConnection()) {
      DataGenerator.fill(c, "public", 30, SEED);
      DataChecks checks = DataChecks.before(c, "public", Transformations.load(location));
      Migrations.configure().dataSource(ds).locations(location).load().migrate();
      return checks.after(c, Transformations.versionsApplied(c, "public", "1"), SEED);
    }
  }

  private static List<String> failures(List<Finding> findings) {
    return findings.stream().filter(Finding::fails).map(Finding::check).toList();
  }

  @Test
  void catchesValuesTruncatedByATypeChange() throws SQLException {
    List<Finding> findings = upgrade("truncated-values");

    assertThat(failures(findings)).containsExactly("values-changed");
    assertThat(findings.get(0).message()).contains("name in ", "(type text became character"
        + " varying(5))");
  }

  @Test
  void catchesDeletedRows() throws SQLException {
    List<Finding> findings = upgrade("deleted-rows");

    assertThat(failures(findings)).containsExactly("data-lost");
    assertThat(findings.get(0).describe()).contains("[data-lost] table orders: 30 rows before"
        + " the upgrade, 0 after: 30 row(s) lost, e.g. id=1");
  }

  @Test
  void catchesANotNullColumnThatTheReleaseBeforeCannotFill() throws SQLException {
    List<Finding> findings = upgrade("not-null-without-default");

    assertThat(failures(findings)).containsExactly("insert-failed");
    assertThat(findings).filteredOn(Finding::fails).singleElement().extracting(Finding::message)
        .asString().contains("null value in column \"owner\"");
  }

  @Test
  void catchesATransformationThatBreaksItsAssertion() throws SQLException {
    List<Finding> findings = upgrade("wrong-split");

    assertThat(failures(findings)).containsExactly("transformation-failed");
    assertThat(findings).filteredOn(f -> !f.fails()).extracting(Finding::check)
        .containsExactly("column-dropped");
  }

  @Test
  void catchesASequenceLeftBehindItsColumn() throws SQLException {
    List<Finding> findings = upgrade("sequence");

    assertThat(failures(findings)).containsExactlyInAnyOrder("insert-failed", "sequence-behind");
  }
}
