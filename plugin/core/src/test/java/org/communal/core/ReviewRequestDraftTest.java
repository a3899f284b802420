package org.communal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewRequestDraftTest {
  private static List<FieldProblem> problems(ReviewRequestDraft.Builder builder) {
    return catchThrowableOfType(InvalidInputException.class, builder::build).problems();
  }

  @Test
  void requiresASummary() {
    assertThat(problems(ReviewRequestDraft.builder().summary("   ")))
        .extracting(FieldProblem::field).containsExactly("summary");
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    ReviewRequestDraft.Builder b = ReviewRequestDraft.builder()
        .summary("two\nlines")
        .description("x".repeat(ReviewRequestDraft.MAX_TEXT + 1))
        .branch("feature\u0007")
        .bugsClosed(List.of("ok-1", "not ok"))
        .repositoryId(0L);

    assertThat(problems(b)).extracting(FieldProblem::field).containsExactly(
        "summary", "description", "branch", "bugs_closed", "repository");
  }

  @Test
  void rejectsASummaryOverTheLimitAndSaysTheLimit() {
    assertThat(problems(ReviewRequestDraft.builder().summary("s".repeat(301))))
        .singleElement().extracting(FieldProblem::reason).asString()
        .contains("at most 300", "was 301");
  }

  @Test
  void keepsTextAsGivenButTrimsOneLineFields() {
    ReviewRequestDraft d = ReviewRequestDraft.builder().summary(" s ").branch(" b ")
        .description(" d\n").build();

    assertThat(d.summary()).isEqualTo("s");
    assertThat(d.branch()).isEqualTo("b");
    assertThat(d.description()).isEqualTo(" d\n");
  }
}
