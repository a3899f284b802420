package org.communal.upgrade.data;

import java.util.List;
import org.communal.upgrade.UpgradeException;

/** The generator cannot fill a schema; {@link #problems()} lists every reason found. */
public final class DataGenerationException extends UpgradeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** A failure with every problem found, each naming its table and what to do. */
  public DataGenerationException(List<String> problems) {
    super("Cannot generate data: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
