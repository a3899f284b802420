package org.communal.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The release map (which schema version each release shipped) and the manifest of released
 * migration files with their checksums. Together they prove that a migration file is byte for byte
 * what a release shipped, which is how an edited released migration is caught.
 *
 * <p>Both are small text files: {@code releases.txt} holds lines of {@code <release>
 * <schema-version>}; {@code released-migrations.txt} holds lines of {@code <sha256> <release>
 * <file>}. Blank lines and lines starting with {@code #} are ignored. Instances are immutable and
 * thread-safe.
 */
public final class ReleaseMap {
  /** Where Communal's own release map lives on the class path. */
  public static final String RELEASES_RESOURCE = "org/communal/migrations/releases.txt";

  /** Where Communal's own manifest lives on the class path. */
  public static final String MANIFEST_RESOURCE = "org/communal/migrations/released-migrations.txt";

  private static final Pattern MIGRATION_FILE = Pattern.compile("V([0-9][0-9_.]*)__.+\\.sql");

  private final List<Release> releases;
  private final Map<String, ReleasedMigration> manifest;

  private ReleaseMap(List<Release> releases, Map<String, ReleasedMigration> manifest) {
    this.releases = List.copyOf(releases);
    this.manifest = Map.copyOf(manifest);
  }

  /** Reads Communal's own release map and manifest from the class path of this module. */
  public static ReleaseMap communal() {
    return parse(readResource(RELEASES_RESOURCE), readResource(MANIFEST_RESOURCE));
  }

  /** Reads a release map and a manifest from files, for projects other than Communal. */
  public static ReleaseMap read(Path releasesFile, Path manifestFile) {
    try {
      return parse(Files.readString(releasesFile), Files.readString(manifestFile));
    } catch (IOException e) {
      throw new MigrationException("Cannot read the release map " + releasesFile + " or manifest "
          + manifestFile + ": " + e.getMessage() + ". Check that both files exist.", e);
    }
  }

  /**
   * Parses the two files' contents.
   *
   * @throws MigrationException naming the file and line of the first malformed line
   */
  public static ReleaseMap parse(String releasesText, String manifestText) {
    List<Release> releases = new ArrayList<>();
    for (String[] f : fields(releasesText, "releases.txt", 2)) {
      releases.add(new Release(f[0], f[1]));
    }
    Map<String, ReleasedMigration> manifest = new LinkedHashMap<>();
    for (String[] f : fields(manifestText, "released-migrations.txt", 3)) {
      manifest.put(f[2], new ReleasedMigration(f[2], f[0].toLowerCase(java.util.Locale.ROOT), f[1]));
    }
    return new ReleaseMap(releases, manifest);
  }

  /** The releases, oldest first. */
  public List<Release> releases() {
    return releases;
  }

  /** The release with this name, if there is one. */
  public Optional<Release> release(String name) {
    return releases.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The manifest entries, keyed by file name. */
  public Map<String, ReleasedMigration> manifest() {
    return manifest;
  }

  /**
   * Checks migration files against this map and manifest and returns every problem found (empty
   * when all is well). Codes: {@code release-order}, {@code release-schema-version-unknown},
   * {@code released-migration-changed}, {@code released-migration-missing}, {@code
   * released-migration-unlisted}, {@code released-migration-wrong-release}, {@code
   * manifest-entry-unreleased}.
   *
   * @param files every migration file of the project, by file name, with its bytes
   */
  public List<Problem> check(Map<String, byte[]> files) {
    List<Problem> problems = new ArrayList<>(checkOrder());
    SortedMap<MigrationVersion, String> byVersion = byVersion(files.keySet());
    for (Release r : releases) {
      if (!byVersion.containsKey(MigrationVersion.fromVersion(r.schemaVersion()))) {
        problems.add(new Problem("release-schema-version-unknown", "Release " + r.name()
            + " names schema version " + r.schemaVersion()
            + ", but no migration file has that version. Fix the line in releases.txt."));
      }
    }
    byVersion.forEach((version, file) -> problems.addAll(checkFile(file, version, files.get(file))));
    for (ReleasedMigration m : manifest.values()) {
      if (!files.containsKey(m.file())) {
        problems.add(new Problem("released-migration-missing", m.file() + " shipped in release "
            + m.release() + " but is gone. Restore it: a released migration is never removed."));
      }
    }
    return problems;
  }

  /** The release that first shipped the given schema version, if any release did. */
  public Optional<Release> firstReleaseContaining(String version) {
    MigrationVersion v = MigrationVersion.fromVersion(version);
    return releases.stream()
        .filter(r -> MigrationVersion.fromVersion(r.schemaVersion()).compareTo(v) >= 0)
        .min((a, b) -> MigrationVersion.fromVersion(a.schemaVersion())
            .compareTo(MigrationVersion.fromVersion(b.schemaVersion())));
  }

  /** The Flyway version of a file named {@code V<version>__<description>.sql}, if it is one. */
  public static Optional<String> versionOf(String fileName) {
    Matcher m = MIGRATION_FILE.matcher(fileName);
    return m.matches() ? Optional.of(m.group(1).replace('_', '.')) : Optional.empty();
  }

  /** Lower-case hex SHA-256 of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  private List<Problem> checkFile(String file, MigrationVersion version, byte[] bytes) {
    Optional<Release> shippedIn = firstReleaseContaining(version.getVersion());
    ReleasedMigration listed = manifest.get(file);
    String actual = sha256(bytes);
    if (shippedIn.isEmpty()) {
      return listed == null ? List.of() : List.of(new Problem("manifest-entry-unreleased", file
          + " is listed in released-migrations.txt, but no release in releases.txt reaches its "
          + "version " + version + ". Add the release to releases.txt or remove the line."));
    }
    String release = shippedIn.get().name();
    if (listed == null) {
      return List.of(new Problem("released-migration-unlisted", file + " shipped in release "
          + release + " but is not in released-migrations.txt. Add this line: " + actual + "  "
          + release + "  " + file));
    }
    List<Problem> problems = new ArrayList<>();
    if (!listed.sha256().equals(actual)) {
      problems.add(new Problem("released-migration-changed", file + " was changed after it shipped"
          + " in release " + listed.release() + " (released sha256 " + listed.sha256() + ", now "
          + actual + "). Restore the released file and put the change in a new migration."));
    }
    if (!listed.release().equals(release)) {
      problems.add(new Problem("released-migration-wrong-release", file + " is listed as shipped in "
          + listed.release() + ", but releases.txt says " + release + " first shipped version "
          + version + ". Correct the line in released-migrations.txt."));
    }
    return problems;
  }

  private List<Problem> checkOrder() {
    List<Problem> problems = new ArrayList<>();
    for (int i = 1; i < releases.size(); i++) {
      Release before = releases.get(i - 1);
      Release after = releases.get(i);
      if (MigrationVersion.fromVersion(after.schemaVersion())
          .compareTo(MigrationVersion.fromVersion(before.schemaVersion())) < 0) {
        problems.add(new Problem("release-order", "Release " + after.name() + " (schema "
            + after.schemaVersion() + ") comes after " + before.name() + " (schema "
            + before.schemaVersion() + ") but has an older schema. List releases oldest first."));
      }
    }
    return problems;
  }

  private static SortedMap<MigrationVersion, String> byVersion(Iterable<String> files) {
    SortedMap<MigrationVersion, String> byVersion = new TreeMap<>();
    for (String file : files) {
      versionOf(file).ifPresent(v -> byVersion.put(MigrationVersion.fromVersion(v), file));
    }
    return byVersion;
  }

  private static List<String[]> fields(String text, String fileName, int count) {
    List<String[]> rows = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != count) {
        throw new MigrationException(fileName + " line " + (i + 1) + " has " + f.length
            + " fields, expected " + count + ": \"" + line + "\"");
      }
      rows.add(f);
    }
    return rows;
  }

  private static String readResource(String name) {
    try (InputStream in = ReleaseMap.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new MigrationException("The class path has no " + name
            + "; the communal-migrations jar is incomplete. Rebuild it with ./mvnw package.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("Cannot read " + name + ": " + e.getMessage(), e);
    }
  }
}
