package org.communal.upgrade.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.PathResult;

/**
 * The checks a report lists for one path, each with the findings that belong to it. Every path
 * lists the standard checks (a check with no finding passed), then one check per migration with
 * that migration's own findings, then any check whose findings' codes match no standard check.
 */
final class Checks {
  /** A standard check and the prefixes of the finding codes that belong to it. */
  private record Standard(String name, List<String> prefixes) {}

  private static final List<Standard> STANDARD = List.of(
      new Standard("released migrations unchanged", List.of("release", "manifest")),
      new Standard("Flyway validates", List.of("flyway", "validate")),
      new Standard("data preserved", List.of("data", "row", "fixture", "empty-table")),
      new Standard("sequences ahead of their columns", List.of("sequence")),
      new Standard("schema equals a fresh install", List.of("schema")));

  /**
   * One check of a path.
   *
   * @param name what it checks, in words
   * @param migration the migration it is about, when it is one migration's safety
   * @param findings what it found, failures and warnings
   */
  record Check(String name, MigrationReport migration, List<Finding> findings) {
    Check {
      findings = List.copyOf(findings);
    }

    boolean passed() {
      return findings.stream().noneMatch(Finding::fails);
    }

    List<Finding> failures() {
      return findings.stream().filter(Finding::fails).toList();
    }

    List<Finding> warnings() {
      return findings.stream().filter(f -> !f.fails()).toList();
    }
  }

  private Checks() {}

  /** The checks of a path, in report order. */
  static List<Check> of(PathResult path) {
    Map<String, List<Finding>> byName = new LinkedHashMap<>();
    STANDARD.forEach(s -> byName.put(s.name(), new ArrayList<>()));
    Set<Finding> ofMigrations = new HashSet<>();
    path.migrations().forEach(m -> ofMigrations.addAll(m.findings()));
    for (Finding f : path.findings()) {
      if (!ofMigrations.contains(f)) {
        byName.computeIfAbsent(nameOf(f.check()), n -> new ArrayList<>()).add(f);
      }
    }
    List<Check> checks = new ArrayList<>();
    STANDARD.forEach(s -> checks.add(new Check(s.name(), null, byName.remove(s.name()))));
    path.migrations().forEach(m -> checks.add(new Check(migrationName(m), m, m.findings())));
    byName.forEach((name, findings) -> checks.add(new Check(name, null, findings)));
    return checks;
  }

  /**
   * Every finding of a path once: its own, then those of its migrations that it does not already
   * hold.
   */
  static List<Finding> allFindings(PathResult path) {
    Set<Finding> all = new LinkedHashSet<>(path.findings());
    path.migrations().forEach(m -> all.addAll(m.findings()));
    return List.copyOf(all);
  }

  /** A migration's name in reports: {@code V9 add comments}. */
  static String migrationName(MigrationReport m) {
    return "V" + m.version() + " " + m.description();
  }

  private static String nameOf(String code) {
    return STANDARD.stream().filter(s -> s.prefixes().stream().anyMatch(code::startsWith))
        .map(Standard::name).findFirst().orElse(code);
  }
}
