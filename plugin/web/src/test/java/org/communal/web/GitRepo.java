package org.communal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git working copy in a temporary folder, driven through the git command line. */
final class GitRepo {
  private final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** A new repository with one branch, main. */
  static GitRepo init(Path dir) throws IOException {
    Files.createDirectories(dir);
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q", "-b", "main");
    return repo;
  }

  /** A bare clone of this repository, to serve as the upstream. */
  GitRepo bareClone(Path target) throws IOException {
    run(dir.getParent(), "clone", "-q", "--bare", dir.toString(), target.toString());
    git("remote", "add", "origin", target.toString());
    return new GitRepo(target);
  }

  Path dir() {
    return dir;
  }

  GitRepo write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return this;
  }

  /**
   * Writes a file whose name is given as printf reads it ({@code bad\\377.txt}), through the
   * shell: a Java path cannot hold bytes that are not in the file system's charset.
   */
  GitRepo writeNamedByPrintf(String printfName, String content) throws IOException {
    Process p = new ProcessBuilder("sh", "-c", "printf '%s' \"$1\" > \"$(printf \"$0\")\"",
        printfName, content).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("writing " + printfName + " failed: "
            + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return this;
  }

  String read(String path) throws IOException {
    return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
  }

  /** Commits everything; returns the new commit's id. */
  String commit(String message) throws IOException {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  String git(String... args) throws IOException {
    return run(dir, args);
  }

  private static String run(Path cwd, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test",
        "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", cwd.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
