package org.communal.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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
   * anyone but its owner, even if it existed.
   *
   * @throws IOException if it cannot be created or its permissions cannot be set
   */
  static void folder(Path folder) throws IOException {
    Files.createDirectories(folder);
    if (POSIX) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
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
