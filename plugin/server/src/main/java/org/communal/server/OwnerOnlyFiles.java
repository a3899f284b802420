package org.communal.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Folders and files that hold secrets, such as passwords: on POSIX file systems nobody but their
 * owner may read them (folders 0700, files 0600). File systems without POSIX permissions (Windows)
 * get plain ones.
 */
final class OwnerOnlyFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code folder} and its parents if missing, and takes every right on it away from
   * anyone but its owner when it is new, empty, or holds one of {@code ownNames}. Another existing
   * folder (a home folder, say) is left as it is: taking rights on it away would lock others out
   * of what they may read there.
   *
   * @param ownNames names of files or folders that only the program making this folder puts in it
   * @return whether nobody but its owner may now open the folder; false for another folder that
   *     others may open, whose permissions were left alone
   * @throws IOException if it cannot be created, read, or its permissions cannot be set
   */
  static boolean folder(Path folder, Set<String> ownNames) throws IOException {
    if (Files.isDirectory(folder) && !isEmptyOrHolds(folder, ownNames)) {
      return !POSIX || Files.getPosixFilePermissions(folder).stream()
          .allMatch(p -> p.name().startsWith("OWNER_"));
    }
    Files.createDirectories(folder);
    restrictFolder(folder);
    return true;
  }

  private static boolean isEmptyOrHolds(Path folder, Set<String> names) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> all = entries.toList();
      return all.isEmpty() || all.stream().anyMatch(p -> names.contains(p.getFileName().toString()));
    }
  }

  /**
   * Takes every right on an existing {@code folder} away from anyone but its owner.
   *
   * @throws IOException if its permissions cannot be set
   */
  static void restrictFolder(Path folder) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Replaces {@code file} with one holding {@code text}. The file is readable by its owner alone
   * from the moment it exists, and appears whole or not at all.
   *
   * @throws IOException if it cannot be written
   */
  static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = POSIX
        ? Files.createTempFile(parent, ".tmp-", "", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(parent, ".tmp-", "");
    try {
      Files.writeString(temporary, text);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Takes every right on an existing {@code file} away from anyone but its owner.
   *
   * @throws IOException if its permissions cannot be set
   */
  static void restrict(Path file) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
