package org.communal.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories for tests, made with the git command line in a temporary directory: no
 * system or user configuration is read (HOME is the temporary directory).
 */
final class Git {
  private final Path home;

  Git(Path home) {
    this.home = home;
  }

  /** A new repository with a working tree, its default branch {@code main}. */
  Path init(String name) {
    Path dir = home.resolve(name);
    run(home, "init", "-q", "-b", "main", dir.toString());
    return dir;
  }

  /** Writes the files (path, then contents, ...), commits them all, and returns the commit id. */
  String commit(Path repo, String message, String... pathsAndContents) {
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      write(repo.resolve(pathsAndContents[i]), pathsAndContents[i + 1]);
    }
    run(repo, "add", "-A");
    run(repo, "commit", "-q", "--allow-empty", "-m", message);
    return run(repo, "rev-parse", "HEAD");
  }

  /** A bare clone, for serving: {@code git update-server-info} has run, for dumb HTTP. */
  Path bareClone(Path repo, String name) {
    Path bare = home.resolve(name);
    run(home, "clone", "-q", "--bare", repo.toString(), bare.toString());
    run(bare, "update-server-info");
    return bare;
  }

  /** Runs git in a directory and returns its output, trimmed; fails the test if git fails. */
  String run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test Author",
        "-c", "user.email=author@example.org", "-c", "init.defaultBranch=main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed: " + out);
      }
      return out.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static void write(Path file, String contents) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, contents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
