package org.communal.upgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one migration did on a seeded database, as measured on the server.
 *
 * @param version the migration's version, such as {@code 9}
 * @param description its description, from its file name
 * @param duration how long it ran, from its first statement to its commit
 * @param locks the table-level locks it held: each mode per object, unless a stronger mode was
 *     taken on that object before it
 * @param rewritten the tables and indexes whose storage it replaced (a rewrite or rebuild)
 * @param scanned the tables it read in full
 * @param findings what a live site would suffer from it
 */
public record MigrationReport(String version, String description, Duration duration,
    List<LockHold> locks, List<String> rewritten, List<String> scanned, List<Finding> findings) {
  public MigrationReport {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(duration, "duration");
    locks = List.copyOf(locks);
    rewritten = List.copyOf(rewritten);
    scanned = List.copyOf(scanned);
    findings = List.copyOf(findings);
  }

  /**
   * A lock a migration held.
   *
   * @param object the table, index or type, such as {@code public.comments}
   * @param mode PostgreSQL's name for the mode, such as {@code AccessExclusiveLock}
   * @param rows how many rows the object held when the migration started (-1 when not a table)
   * @param held how long it was held, from the statement that took it to the commit
   */
  public record LockHold(String object, String mode, long rows, Duration held) {
    public LockHold {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(held, "held");
    }
  }
}
