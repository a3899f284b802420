package org.communal.upgrade.cli;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Writes the manifest of released migrations ({@code <sha256> <release> <file>} per line) from the
 * files as they are now: each versioned file that a release in the release map reaches is listed
 * with the first release that shipped it.
 */
final class ManifestWriter {
  private ManifestWriter() {}

  /**
   * The manifest's text.
   *
   * @param releases the release map (its manifest is ignored)
   * @param files every migration file, by name
   */
  static String render(ReleaseMap releases, Map<String, byte[]> files) {
    Map<MigrationVersion, String> byVersion = new TreeMap<>();
    files.keySet().forEach(f -> ReleaseMap.versionOf(f)
        .ifPresent(v -> byVersion.put(MigrationVersion.fromVersion(v), f)));
    StringBuilder text = new StringBuilder()
        .append("# The migrations each release shipped, with their SHA-256, written from the\n")
        .append("# files as they were then. A released migration must never change: the upgrade\n")
        .append("# test fails if one does. When you cut a release, add its line to the release\n")
        .append("# map and the lines the test then asks for here.\n#\n# sha256 release file\n");
    byVersion.forEach((version, file) -> {
      Optional<Release> shipped = releases.firstReleaseContaining(version.getVersion());
      shipped.ifPresent(r -> text.append(ReleaseMap.sha256(files.get(file))).append("  ")
          .append(r.name()).append("  ").append(file).append('\n'));
    });
    return text.toString();
  }
}
