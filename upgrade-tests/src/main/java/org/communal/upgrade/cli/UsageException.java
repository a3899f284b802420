package org.communal.upgrade.cli;

import java.util.List;
import org.communal.upgrade.UpgradeException;

/** The command line is wrong: every problem found, each a sentence that says how to fix it. */
public final class UsageException extends UpgradeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public UsageException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public UsageException(String problem) {
    this(List.of(problem));
  }

  /** Every problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
