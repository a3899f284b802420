package org.communal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The password of the embedded PostgreSQL's superuser, made at random for each data folder and
 * kept in a file there that only its owner may read.
 */
final class DatabasePassword {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DatabasePassword() {}

  /** A new password: 256 random bits, in letters, digits, '-' and '_'. */
  static String create() {
    byte[] bits = new byte[32];
    RANDOM.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  /**
   * Writes {@code password} to {@code file} (readable by its owner alone) on a line of its own, as
   * PostgreSQL's initdb reads it.
   */
  static void write(Path file, String password) throws IOException {
    OwnerOnlyFiles.write(file, password + "\n");
  }

  /**
   * The password in {@code file}, whose permissions are narrowed to its owner's in passing.
   *
   * @throws ServerException if the file holds no password
   * @throws IOException if it cannot be read
   */
  static String read(Path file) throws IOException {
    OwnerOnlyFiles.restrict(file);
    String password = Files.readString(file).strip();
    if (password.isEmpty() || password.contains("\n")) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, file + " should hold the"
          + " password of the embedded PostgreSQL on one line, but it holds "
          + (password.isEmpty() ? "nothing" : "several lines") + ". Restore it from a backup.",
          null);
    }
    return password;
  }
}
