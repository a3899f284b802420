package org.communal.upgrade;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.communal.migrations.ReleaseMap;

/**
 * What a matrix run covers and how.
 *
 * @param project the project's name, for reports
 * @param location the migrations, as a Flyway location ({@code classpath:...} or {@code
 *     filesystem:...})
 * @param releases the release map and the manifest of released files
 * @param majors the PostgreSQL majors to run on
 * @param modes batched, one migration at a time, or both
 * @param zones the session time zones to run each path under
 * @param fromEmpty whether to run the path from an empty database too
 * @param rows how many generated rows each table gets before the upgrade
 * @param seed the generator's seed: the same seed gives the same rows
 * @param fixtures hand-written rows per release
 * @param flyway Flyway configuration properties ({@code flyway.*}) the project deploys with
 */
public record MatrixSettings(String project, String location, ReleaseMap releases,
    List<Integer> majors, List<Mode> modes, List<ZoneId> zones, boolean fromEmpty, int rows,
    long seed, Fixtures fixtures, Map<String, String> flyway) {
  /** Coordinated universal time, by the name PostgreSQL and Java both know. */
  public static final ZoneId UTC = ZoneId.of("UTC");

  /** The non-UTC zone of the default pair: it has summer time, and is ahead of UTC. */
  public static final ZoneId SECOND_ZONE = ZoneId.of("Europe/Berlin");

  public MatrixSettings {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(releases, "releases");
    majors = List.copyOf(majors);
    modes = List.copyOf(modes);
    zones = List.copyOf(zones);
    Objects.requireNonNull(fixtures, "fixtures");
    flyway = Map.copyOf(flyway);
    if (majors.isEmpty() || modes.isEmpty() || zones.isEmpty()) {
      throw new IllegalArgumentException("at least one PostgreSQL major, mode and zone");
    }
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative: " + rows);
    }
  }

  /**
   * The defaults for a project: PostgreSQL 13 and 18, both modes, UTC and {@link #SECOND_ZONE},
   * from an empty database too, 100 rows per table, seed 1, no fixtures, Flyway's defaults.
   */
  public static MatrixSettings defaults(String project, String location, ReleaseMap releases) {
    return new MatrixSettings(project, location, releases, List.of(13, 18),
        List.of(Mode.BATCHED, Mode.STEPWISE), List.of(UTC, SECOND_ZONE), true, 100, 1,
        Fixtures.NONE, Map.of());
  }

  /** These settings on other majors. */
  public MatrixSettings withMajors(List<Integer> majors) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings with other modes. */
  public MatrixSettings withModes(List<Mode> modes) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings in other zones. */
  public MatrixSettings withZones(List<ZoneId> zones) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings with another volume and seed. */
  public MatrixSettings withData(int rows, long seed) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings with fixtures. */
  public MatrixSettings withFixtures(Fixtures fixtures) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings with the project's Flyway properties. */
  public MatrixSettings withFlyway(Map<String, String> flyway) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }

  /** These settings with or without the path from an empty database. */
  public MatrixSettings withFromEmpty(boolean fromEmpty) {
    return new MatrixSettings(project, location, releases, majors, modes, zones, fromEmpty, rows,
        seed, fixtures, flyway);
  }
}
