package org.communal.upgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.communal.upgrade.Mode;
import org.communal.upgrade.PathSpec;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsEachPathsStartStepsAndOneLineVerdictInPlainText() {
    ConsoleProgress progress = new ConsoleProgress(out, false);
    PathSpec spec = SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.UTC);

    progress.started(spec);
    progress.step(spec, "seeding 1,000 rows per table");
    progress.finished(SampleResults.passed(spec, SampleResults.v3()));

    assertThat(printed()).isEqualTo("""
        0.9.0 -> HEAD, PostgreSQL 13, batched, UTC: started
        0.9.0 -> HEAD, PostgreSQL 13, batched, UTC: seeding 1,000 rows per table
        0.9.0 -> HEAD, PostgreSQL 13, batched, UTC: PASSED in 3.2 s, 1 warning
            warning [table-rewrite] V3 widen names: V3 rewrites table public.things (1,000 rows) \
        under an ACCESS EXCLUSIVE lock; it shipped in release 0.9.0, so it stays.
        """);
  }

  @Test
  void listsAFailedPathsProblemsUnderItsVerdict() {
    ConsoleProgress progress = new ConsoleProgress(out, false);

    progress.finished(SampleResults.failed(
        SampleResults.spec(null, null, 18, Mode.STEPWISE, SampleResults.BERLIN)));

    assertThat(printed().lines().toList()).startsWith(
        "empty -> HEAD, PostgreSQL 18, stepwise, Europe/Berlin: FAILED in 4.1 s, 2 problems,"
            + " 1 warning",
        "    - [data-lost] table things: 3 rows before the upgrade, 2 after. Row id=2"
            + " <script>alert('x')</script> & \"quotes\" \\u0001 vanished.",
        "    - [schema-differs] table things: column things.name is varchar(80) after the upgrade"
            + " but text in a fresh install.",
        "        upgraded: character varying(80)",
        "        fresh:    text");
    assertThat(printed()).doesNotContain("\u001b[");
  }

  @Test
  void summarisesEveryPathInMatrixOrderWithTotals() {
    new ConsoleProgress(out, false).summary(SampleResults.mixed());

    assertThat(printed()).isEqualTo("""

        from    PostgreSQL  mode      zone           result  time   migrating  problems  warnings
        empty   13          batched   UTC            passed  3.2 s  1.5 s      0         1
        empty   13          stepwise  Europe/Berlin  passed  3.2 s  1.5 s      0         1
        0.9.0   13          batched   UTC            passed  3.2 s  1.5 s      0         1
        0.9.0   13          batched   Europe/Berlin  FAILED  4.1 s  1.5 s      2         1
        0.9.0   18          stepwise  UTC            passed  3.2 s  1.5 s      0         1
        0.10.0  13          batched   UTC            passed  3.2 s  1.5 s      0         0

        6 paths: 5 passed, 1 failed; wall time 42.0 s, inside migrations 9.2 s.
        Upgrade test FAILED.
        """);
  }

  @Test
  void coloursVerdictsOnlyWhenAsked() {
    PathSpec spec = SampleResults.spec(null, null, 13, Mode.BATCHED, SampleResults.UTC);

    new ConsoleProgress(out, true).finished(SampleResults.failed(spec));

    assertThat(printed()).contains("\u001b[31;1mFAILED\u001b[0m");
  }

  @Test
  void coloursOnlyATerminalWithoutNoColor() {
    assertThat(ConsoleProgress.wantsColor(true, Map.of())).isTrue();
    assertThat(ConsoleProgress.wantsColor(false, Map.of())).isFalse();
    assertThat(ConsoleProgress.wantsColor(true, Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(ConsoleProgress.wantsColor(true, Map.of("NO_COLOR", ""))).isTrue();
    assertThat(ConsoleProgress.wantsColor(true, Map.of("TERM", "dumb"))).isFalse();
  }
}
