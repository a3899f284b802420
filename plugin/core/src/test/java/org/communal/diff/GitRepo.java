package org.communal.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real git repository in a temporary folder, driven by the git command line with no system
 * or user configuration, and read back with JGit.
 */
final class GitRepo {
  private final Path dir;
  private final Path home;

  private GitRepo(Path dir, Path home) {
    this.dir = dir;
    this.home = home;
  }

  /** Creates an empty repository in {@code dir}; {@code dir}'s parent serves as HOME. */
  static GitRepo init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GitRepo repo = new GitRepo(dir, dir.getParent());
    repo.git("init", "-q", "-b", "main", ".");
    return repo;
  }

  /** A clone of this repository in {@code target}. */
  GitRepo cloneTo(Path target) {
    git("clone", "-q", dir.toString(), target.toString());
    return new GitRepo(target, home);
  }

  Path dir() {
    return dir;
  }

  /** Runs git and returns its standard output; fails with git's error output if git fails. */
  byte[] gitBytes(String... args) {
    return run(null, args);
  }

  String git(String... args) {
    return new String(gitBytes(args), StandardCharsets.UTF_8);
  }

  /** Runs git with {@code input} on its standard input. */
  String gitWithInput(byte[] input, String... args) {
    return new String(run(input, args), StandardCharsets.UTF_8);
  }

  private byte[] run(byte[] input, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Ann Author",
        "-c", "user.email=ann@example.com", "-c", "core.autocrlf=false", "-c", "gc.auto=0",
        "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    // A GIT_DIR or GIT_INDEX_FILE inherited from a hook or an IDE would point git elsewhere.
    pb.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z");
    pb.environment().put("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z");
    try {
      Process p = pb.start();
      // Read stderr alongside stdout, so that neither pipe can fill up and stall git.
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readErrors(p));
      if (input != null) {
        p.getOutputStream().write(input);
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException(String.join(" ", args) + " exited with " + code + ": "
            + new String(err.join(), StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readErrors(Process p) {
    try {
      return p.getErrorStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String path, String content) {
    write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  void write(String path, byte[] content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the working tree, as UTF-8. */
  String read(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a file whose name is given as printf would read it ({@code bad\\377.txt}), through
   * the shell, since a Java path cannot hold bytes that are not in the file system's charset.
   */
  void writeNamedByPrintf(String printfName, String content) {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "printf '%s' \"$1\" > \"$(printf \"$0\")\"",
        printfName, content).directory(dir.toFile());
    try {
      Process p = pb.start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("writing " + printfName + " failed: "
            + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void delete(String path) {
    try {
      Files.delete(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void setExecutable(String path, boolean executable) {
    try {
      Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE);
      if (executable) {
        perms.add(PosixFilePermission.OWNER_EXECUTE);
      }
      Files.setPosixFilePermissions(dir.resolve(path), perms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits; returns the new commit's id. */
  String commit(String message) {
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return resolve("HEAD");
  }

  /** The commit id a revision such as {@code HEAD~1} names, resolved with JGit. */
  String resolve(String revision) {
    try (Repository repo = open()) {
      return repo.resolve(revision).name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file of {@code commit}, path (as {@link GitPath} writes it) to contents. */
  Map<String, byte[]> tree(String commit) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Repository repo = open(); RevWalk walk = new RevWalk(repo);
        TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
      tw.setRecursive(true);
      ObjectReader reader = repo.newObjectReader();
      while (tw.next()) {
        files.put(GitPath.of(tw.getRawPath()), reader.open(tw.getObjectId(0)).getBytes());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of {@code commit} as a {@link FileSource}. */
  FileSource sourceAt(String commit) {
    Map<String, byte[]> files = tree(commit);
    return path -> Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
  }
}
