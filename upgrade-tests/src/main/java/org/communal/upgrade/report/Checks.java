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
 * that migration's own findings, then the checks that only appear when they find something (named
 * after their kind, or after the finding's code when it is of no known kind).
 */
final class Checks {
  /**
   * A check a report lists, and the prefixes of the finding codes that belong to it.
   *
   * @param always whether every path lists it, passed when nothing was found; otherwise it is
   *     listed only when a finding belongs to it
   */
  private record Kind(String name, boolean always, List<String> prefixes) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("released migrations unchanged", true, List.of("release", "manifest")),
      new Kind("migrations apply", true, List.of("migration-failed", "edge-value")),
      new Kind("Flyway validates", true, List.of("flyway")),
      new Kind("data preserved", true, List.of("data")),
      new Kind("sequences ahead of their columns", true, List.of("sequence")),
      new Kind("schema equals a fresh install", true, List.of("schema")),
      new Kind("same data in every time zone", false, List.of("time-zone")),
      new Kind("harness ran the path", false, List.of("harness")));

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
    KINDS.stream().filter(Kind::always).forEach(k -> byName.put(k.name(), new ArrayList<>()));
    Set<Finding> ofMigrations = new HashSet<>();
    path.migrations().forEach(m -> ofMigrations.addAll(m.findings()));
    for (Finding f : path.findings()) {
      if (!ofMigrations.contains(f)) {
        byName.computeIfAbsent(nameOf(f.check()), n -> new ArrayList<>()).add(f);
      }
    }
    List<Check> checks = new ArrayList<>();
    KINDS.stream().filter(Kind::always)
        .forEach(k -> checks.add(new Check(k.name(), null, byName.remove(k.name()))));
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
    return KINDS.stream().filter(k -> k.prefixes().stream().anyMatch(code::startsWith))
        .map(Kind::name).findFirst().orElse(code);
  }
}
