package org.communal.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.communal.migrations.Release;
import org.communal.migrations.ReleaseMap;

/**
 * Hand-written SQL that fills a release's schema with rows for the cases a generator cannot
 * guess: one file per release, {@code <release>.sql}, holding rows for what that release
 * introduced. The fixture of a release is the files of every release up to it, in release order,
 * each run against that release's schema.
 */
@FunctionalInterface
public interface Fixtures {
  /** The fixture SQL of one release's own file, if it has one. */
  Optional<String> ownFile(Release release);

  /** The fixture of a release: every file up to it, in order; empty when there is none at all. */
  default Optional<String> upTo(ReleaseMap releases, Release release) {
    StringBuilder sql = new StringBuilder();
    for (Release r : releases.releases()) {
      ownFile(r).ifPresent(s -> sql.append(s).append('\n'));
      if (r.name().equals(release.name())) {
        break;
      }
    }
    return sql.isEmpty() ? Optional.empty() : Optional.of(sql.toString());
  }

  /** No fixtures: the generator's rows alone. */
  Fixtures NONE = release -> Optional.empty();

  /** Files {@code <release>.sql} in a folder. */
  static Fixtures folder(Path folder) {
    return release -> {
      Path file = folder.resolve(release.name() + ".sql");
      try {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
      } catch (IOException e) {
        throw new UpgradeException("Cannot read the fixture " + file + ": " + e.getMessage(), e);
      }
    };
  }

  /** Resources {@code <prefix>/<release>.sql} on a class path. */
  static Fixtures classpath(ClassLoader loader, String prefix) {
    return release -> {
      String name = prefix + "/" + release.name() + ".sql";
      try (InputStream in = loader.getResourceAsStream(name)) {
        return in == null ? Optional.empty()
            : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UpgradeException("Cannot read the fixture " + name + ": " + e.getMessage(), e);
      }
    };
  }
}
