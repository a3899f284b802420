package org.communal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.communal.upgrade.FailedStatement.Failure;
import org.communal.upgrade.data.EdgeValue;
import org.junit.jupiter.api.Test;

/** Finding the edge value a migration fails on, and the warning that names it, without a server. */
class EdgeSearchTest {
  /** 40 edge values over eight columns of two tables, made in row order (columns interleaved). */
  private static final List<EdgeValue> EDGES = IntStream.range(0, 40).mapToObj(i ->
      new EdgeValue(i % 2 == 0 ? "things" : "owners", "c" + i % 8, "v" + i)).toList();

  private static final Failure FAILURE = new Failure("V2__index_notes.sql", "2",
      "-- why\nCREATE INDEX things_notes\n  ON things (notes);", "index row requires 24016 bytes,"
          + " maximum size is 8191");

  @Test
  void narrowsToTheOneValueTheMigrationFailsOnInFewSeedings() {
    EdgeValue culprit = EDGES.get(27);
    List<Set<EdgeValue>> tried = new ArrayList<>();
    Predicate<Set<EdgeValue>> fails = edges -> {
      tried.add(edges);
      return edges.contains(culprit);
    };

    assertThat(EdgeSearch.narrow(EDGES, fails)).containsExactly(culprit);
    assertThat(tried).hasSizeLessThanOrEqualTo(12);
  }

  @Test
  void keepsTheValuesThatFailTheMigrationOnlyTogether() {
    EdgeValue a = EDGES.get(0);
    EdgeValue b = EDGES.get(1);

    List<EdgeValue> suspects = EdgeSearch.narrow(EDGES,
        edges -> edges.contains(a) && edges.contains(b));

    assertThat(suspects).contains(a, b).hasSizeLessThanOrEqualTo(EDGES.size() / 5);
  }

  @Test
  void stopsAfterItsSeedingsWithTheValuesNarrowedToSoFar() {
    int[] seedings = {0};

    List<EdgeValue> suspects = EdgeSearch.narrow(EDGES, edges -> ++seedings[0] > 0
        && edges.size() == EDGES.size());

    assertThat(suspects).hasSize(EDGES.size());
    assertThat(seedings[0]).isLessThanOrEqualTo(EdgeSearch.SEEDINGS);
  }

  @Test
  void namesTheColumnTheValueAbbreviatedWithItsLengthTheStatementAndPostgresMessage() {
    Finding f = EdgeValueFinding.of(FAILURE,
        List.of(new EdgeValue("things", "notes", "it's " + "x".repeat(23_995))));

    assertThat(f.check()).isEqualTo("edge-value-fails-migration");
    assertThat(f.fails()).isFalse();
    assertThat(f.where()).isEqualTo("column things.notes");
    assertThat(f.message()).startsWith("V2__index_notes.sql failed at `CREATE INDEX things_notes"
        + " ON things (notes)` (PostgreSQL: index row requires 24016 bytes, maximum size is 8191)"
        + " when things.notes held the generated edge value 'it''s xxxxxxxxxxxxxxx…' (24,000"
        + " characters). On plain generated values");
  }

  @Test
  void listsSeveralValuesThatFailTogether() {
    Finding f = EdgeValueFinding.of(FAILURE, List.of(new EdgeValue("things", "notes", ""),
        new EdgeValue("owners", "name", "ü")));

    assertThat(f.where()).isEqualTo("columns things.notes, owners.name");
    assertThat(f.message()).contains("when the tables held these generated edge values together:"
        + " things.notes '' (0 characters), owners.name 'ü' (1 character).");
  }
}
