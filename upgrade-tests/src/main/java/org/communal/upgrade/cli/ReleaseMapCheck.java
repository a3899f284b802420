package org.communal.upgrade.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.communal.migrations.ReleaseMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Checks a release map line by line before anything runs or is written, and names every wrong
 * line with its number. The format is {@link ReleaseMap}'s: one {@code <release>
 * <schema-version>} per line, oldest first; blank lines and lines starting with {@code #} are
 * skipped. Each release is listed once, and each schema version is that of a migration file;
 * releases may share a schema version (a release without schema changes).
 */
final class ReleaseMapCheck {
  /** What Flyway reads as a version in a file name: digits, with dots or underscores between. */
  private static final Pattern VERSION = Pattern.compile("[0-9]+(?:[._][0-9]+)*");

  private final String prefix;
  private final TreeSet<MigrationVersion> versions;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Integer> names = new HashMap<>();
  private Line newest;

  /** A release line: where it is, the release, and its schema version. */
  private record Line(int number, String release, MigrationVersion version) {}

  private ReleaseMapCheck(Path file, Collection<String> migrationFiles) {
    this.prefix = "--releases " + file + " line ";
    this.versions = new TreeSet<>();
    migrationFiles.forEach(f -> ReleaseMap.versionOf(f)
        .ifPresent(v -> versions.add(MigrationVersion.fromVersion(v))));
  }

  /**
   * Every problem of a release map, one sentence each, naming its line; empty when it is right.
   *
   * @param file where the map is, for the messages
   * @param text the map's content
   * @param migrationFiles the names of the project's migration files
   */
  static List<String> problems(Path file, String text, Collection<String> migrationFiles) {
    ReleaseMapCheck check = new ReleaseMapCheck(file, migrationFiles);
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        check.parse(i + 1, line).ifPresent(check::check);
      }
    }
    return List.copyOf(check.problems);
  }

  private Optional<Line> parse(int number, String line) {
    String[] fields = line.split("\\s+");
    if (fields.length != 2) {
      problem(number, "\"" + line + "\" has " + fields.length + (fields.length == 1 ? " field"
          : " fields") + "; a line holds a release and its schema version, such as \"1.4.0 12\"."
          + " Put a comment on a line of its own, starting with #.");
      return Optional.empty();
    }
    if (!VERSION.matcher(fields[1]).matches()) {
      problem(number, "schema version \"" + fields[1] + "\" is not a Flyway version: give"
          + " digits separated by dots, such as 12 or 1.2.");
      return Optional.empty();
    }
    return Optional.of(new Line(number, fields[0], MigrationVersion.fromVersion(fields[1])));
  }

  private void check(Line line) {
    Integer first = names.putIfAbsent(line.release(), line.number());
    if (first != null) {
      problem(line.number(), "release " + line.release() + " is listed twice (first on line "
          + first + "). Give each release one line.");
    }
    if (!versions.contains(line.version())) {
      problem(line.number(), "release " + line.release() + " names schema version "
          + line.version() + ", but no migration file has that version (" + range()
          + "). Give the version of the newest migration that release shipped.");
      return;
    }
    inOrder(line);
  }

  /** A release's schema is never older than that of a release listed before it. */
  private void inOrder(Line line) {
    if (newest != null && line.version().compareTo(newest.version()) < 0) {
      problem(line.number(), "release " + line.release() + " (schema " + line.version()
          + ") comes after release " + newest.release() + " (schema " + newest.version()
          + ", line " + newest.number() + "), but its schema is older. List the releases oldest"
          + " first.");
    } else {
      newest = line;
    }
  }

  private String range() {
    return versions.isEmpty() ? "no migration file has a version"
        : "the migrations are V" + versions.first() + " to V" + versions.last();
  }

  private void problem(int line, String what) {
    problems.add(prefix + line + ": " + what);
  }
}
