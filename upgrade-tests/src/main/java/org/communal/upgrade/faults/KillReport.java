package org.communal.upgrade.faults;

import java.util.List;
import java.util.Objects;
import org.communal.upgrade.Finding;

/**
 * What happened when a migrator was killed in the middle of one migration and a new migrator then
 * finished the upgrade.
 *
 * @param version the migration's version, such as {@code 2}
 * @param description its description, such as {@code index names}
 * @param heldAt the statement the migrator was waiting to run when it was killed, on one line;
 *     empty when it never got there (then a finding says why)
 * @param waitedFor what that statement waited for, as {@code pg_stat_activity} names it, such as
 *     {@code Lock relation} or {@code Lock virtualxid}; empty when it never got there
 * @param backendOutlivedKill whether the server still ran the killed migrator's waiting backend
 *     after the process was gone; the checks then ended it themselves
 * @param leftAfterKill what the killed migration left behind, as differences from the database
 *     just before it, one per line: empty for a migration that rolled back
 * @param findings what went wrong; empty when the new migrator finished the upgrade and the result
 *     equals a clean upgrade
 */
public record KillReport(String version, String description, String heldAt, String waitedFor,
    boolean backendOutlivedKill, List<String> leftAfterKill, List<Finding> findings) {
  public KillReport {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(heldAt, "heldAt");
    Objects.requireNonNull(waitedFor, "waitedFor");
    leftAfterKill = List.copyOf(leftAfterKill);
    findings = List.copyOf(findings);
  }

  /** Whether the migrator was killed in the middle of the migration, as meant. */
  public boolean killedMidway() {
    return !heldAt.isEmpty();
  }

  /** A readable summary, one line per finding. */
  public String describe() {
    StringBuilder text = new StringBuilder("V" + version + " " + description + ": ");
    text.append(killedMidway() ? "killed while waiting to run " + heldAt : "not killed midway");
    leftAfterKill.forEach(l -> text.append("\n  left after the kill: ").append(l));
    findings.forEach(f -> text.append("\n  - ").append(f.describe()));
    return text.toString();
  }
}
