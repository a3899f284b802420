package org.communal.upgrade.faults;

import java.util.List;
import java.util.Objects;
import org.communal.upgrade.Finding;

/**
 * What happened when two migrators started {@code migrate} on one database at the same moment.
 *
 * @param seen what the checks saw while the first pending migration was held
 * @param findings what went wrong; empty when both migrators succeeded, each migration was applied
 *     once, and the result equals a clean upgrade
 */
public record ConcurrencyReport(Serialisation seen, List<Finding> findings) {
  /** Whether Flyway's lock kept the two migrators apart. */
  public enum Serialisation {
    /** One migrator was inside the migration, and the other had tried Flyway's lock and waited. */
    ONE_AT_A_TIME,
    /** Both migrators were inside the same migration at once. */
    BOTH_INSIDE,
    /** Neither could be seen, for example because a migrator failed first. */
    NOT_SEEN
  }

  public ConcurrencyReport {
    Objects.requireNonNull(seen, "seen");
    findings = List.copyOf(findings);
  }

  /** A readable summary, one line per finding. */
  public String describe() {
    StringBuilder text = new StringBuilder("two migrators at once: " + seen);
    findings.forEach(f -> text.append("\n  - ").append(f.describe()));
    return text.toString();
  }
}
