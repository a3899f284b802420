package org.communal.upgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.communal.upgrade.Mode;
import org.communal.upgrade.PathSpec;
import org.junit.jupiter.api.Test;

class MatrixOrderTest {
  @Test
  void comparesVersionsByTheirNumbersNotTheirText() {
    List<String> versions = new ArrayList<>(List.of("0.10.0", "1.0", "0.9.0", "0.9.1", "1.0.1",
        "0.09.2", "2024.1", "1.0-rc1", "10"));

    versions.sort(VersionOrder::compare);

    assertThat(versions).containsExactly("0.9.0", "0.9.1", "0.09.2", "0.10.0", "1.0", "1.0-rc1",
        "1.0.1", "10", "2024.1");
  }

  @Test
  void ordersPathsByStartThenMajorModeAndZone() {
    PathSpec empty = SampleResults.spec(null, null, 18, Mode.STEPWISE,
        SampleResults.UTC);
    PathSpec old13 = SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED,
        SampleResults.UTC);
    PathSpec newer13 = SampleResults.spec("0.10.0", "3", 13, Mode.BATCHED,
        SampleResults.UTC);
    PathSpec old18 = SampleResults.spec("0.9.0", "2", 18, Mode.BATCHED,
        SampleResults.UTC);
    PathSpec old18Berlin = SampleResults.spec("0.9.0", "2", 18, Mode.BATCHED,
        SampleResults.BERLIN);

    List<PathSpec> specs =
        new ArrayList<>(List.of(newer13, old18, empty, old18Berlin, old13));
    specs.sort(MatrixOrder.PATHS);

    assertThat(specs).containsExactly(empty, old13, old18Berlin, old18, newer13);
  }
}
