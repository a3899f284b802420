package org.communal.upgrade.report;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.MigrationReport.LockHold;
import org.communal.upgrade.Mode;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;

/** Matrix results built by hand, as the runner would report them. */
final class SampleResults {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static final Finding REWRITE_WARNING = Finding.warning("table-rewrite", "V3 widen names",
      "V3 rewrites table public.things (1,000 rows) under an ACCESS EXCLUSIVE lock; it shipped in"
          + " release 0.9.0, so it stays.");
  static final Finding SCHEMA_DIFFERENCE = Finding.failure("schema-differs", "table things",
      "column things.name is varchar(80) after the upgrade but text in a fresh install.\n"
          + "  upgraded: character varying(80)\n  fresh:    text");
  static final Finding DATA_LOST = Finding.failure("data-lost", "table things",
      "3 rows before the upgrade, 2 after. Row id=2 <script>alert('x')</script>"
          + " & \"quotes\" \u0001 vanished.");

  private SampleResults() {}

  static PathSpec spec(String release, String schemaVersion, int major, Mode mode, ZoneId zone) {
    return new PathSpec(Optional.ofNullable(release), Optional.ofNullable(schemaVersion), major,
        mode, zone);
  }

  static MigrationReport v2() {
    return new MigrationReport("2", "add owners", Duration.ofMillis(40),
        List.of(new LockHold("public.owners", "AccessExclusiveLock", -1, Duration.ofMillis(30))),
        List.of(), List.of(), List.of());
  }

  static MigrationReport v3() {
    return new MigrationReport("3", "widen names", Duration.ofMillis(1500),
        List.of(new LockHold("public.things", "AccessExclusiveLock", 1000, Duration.ofMillis(1480)),
            new LockHold("public.owners", "RowExclusiveLock", 20, Duration.ofMillis(10))),
        List.of("public.things"), List.of("public.owners"), List.of(REWRITE_WARNING));
  }

  static PathResult passed(PathSpec spec, MigrationReport... migrations) {
    boolean warns = List.of(migrations).stream().anyMatch(m -> !m.findings().isEmpty());
    return new PathResult(spec, warns ? List.of(REWRITE_WARNING) : List.of(), List.of(migrations),
        Duration.ofMillis(3200), Duration.ofMillis(1540));
  }

  static PathResult failed(PathSpec spec) {
    return new PathResult(spec, List.of(DATA_LOST, SCHEMA_DIFFERENCE, REWRITE_WARNING),
        List.of(v3()), Duration.ofMillis(4100), Duration.ofMillis(1500));
  }

  /** Every path passes: two releases and the empty database on PostgreSQL 13 and 18. */
  static MatrixResult allPassing() {
    return new MatrixResult("things", List.of(
        passed(spec("0.10.0", "3", 13, Mode.BATCHED, UTC)),
        passed(spec("0.9.0", "2", 13, Mode.BATCHED, UTC), v3()),
        passed(spec(null, null, 13, Mode.BATCHED, UTC), v2(), v3()),
        passed(spec(null, null, 18, Mode.BATCHED, UTC), v2(), v3())),
        Duration.ofSeconds(75));
  }

  /**
   * Two modes and two zones; release 0.9.0 loses data and differs in schema on PostgreSQL 13 when
   * batched in Berlin.
   */
  static MatrixResult mixed() {
    return new MatrixResult("things", List.of(
        passed(spec(null, null, 13, Mode.BATCHED, UTC), v2(), v3()),
        passed(spec(null, null, 13, Mode.STEPWISE, BERLIN), v2(), v3()),
        passed(spec("0.9.0", "2", 13, Mode.BATCHED, UTC), v3()),
        failed(spec("0.9.0", "2", 13, Mode.BATCHED, BERLIN)),
        passed(spec("0.9.0", "2", 18, Mode.STEPWISE, UTC), v3()),
        passed(spec("0.10.0", "3", 13, Mode.BATCHED, UTC))),
        Duration.ofSeconds(42));
  }
}
