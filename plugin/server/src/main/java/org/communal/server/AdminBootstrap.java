package org.communal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.communal.core.Users;
import org.communal.core.User;

/**
 * On first start, makes sure somebody can administer Communal: the {@code admin} account gets a
 * one-time password, printed on the console and written to {@code initialAdminPassword} in the
 * data folder (readable by its owner only). The file goes away once the admin has changed it.
 */
final class AdminBootstrap {
  static final String ADMIN = "admin";
  static final String FILE = "initialAdminPassword";

  private final Path file;

  AdminBootstrap(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  /** Creates the admin's one-time password if no admin can sign in; returns it if it did. */
  Optional<String> run(Users users) {
    Optional<String> password = users.bootstrapAdmin(ADMIN);
    password.ifPresent(this::write);
    return password;
  }

  /** Removes the file once the admin no longer needs the one-time password. */
  void passwordChanged(User user) {
    if (user.username().equalsIgnoreCase(ADMIN) && !user.mustChangePassword()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not remove " + file, e);
      }
    }
  }

  /** Where the one-time password is written. */
  Path file() {
    return file;
  }

  private void write(String password) {
    try {
      OwnerOnlyFiles.write(file, password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the one-time admin password to " + file, e);
    }
  }
}
