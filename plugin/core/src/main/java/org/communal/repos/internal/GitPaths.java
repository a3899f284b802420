package org.communal.repos.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.communal.diff.GitPath;
import org.communal.repos.RepositoryException;

/** File paths inside a repository, as git writes them: {@code dir/file}, no leading slash. */
final class GitPaths {
  private GitPaths() {}

  /**
   * The path with one leading {@code /} dropped.
   *
   * @throws RepositoryException with {@link RepositoryException#BAD_PATH} if it is empty or has
   *     empty, {@code .} or {@code ..} segments, or a NUL
   */
  static String normalize(String path) {
    String p = path == null ? "" : path;
    // The rule is the bytes version's; the message names the path as the caller gave it.
    check(p.getBytes(StandardCharsets.UTF_8), String.valueOf(path));
    return p.startsWith("/") ? p.substring(1) : p;
  }

  /**
   * The path bytes with one leading {@code /} dropped, checked as {@link #normalize(String)}
   * checks a string.
   */
  static byte[] normalize(byte[] path) {
    int from = path.length > 0 && path[0] == '/' ? 1 : 0;
    byte[] p = Arrays.copyOfRange(path, from, path.length);
    check(path, GitPath.of(p));
    return p;
  }

  /**
   * Checks a path after one leading {@code /}: not empty, no NUL, no empty, {@code .} or
   * {@code ..} segment.
   *
   * @param shown the path as the message names it
   */
  private static void check(byte[] path, String shown) {
    int from = path.length > 0 && path[0] == '/' ? 1 : 0;
    if (path.length == from) {
      throw bad(shown, "it is empty");
    }
    for (int i = from; i < path.length; i++) {
      if (path[i] == 0) {
        throw bad(shown, "it has a NUL character");
      }
    }
    int start = from;
    for (int i = from; i <= path.length; i++) {
      if (i == path.length || path[i] == '/') {
        if (isDotsOrEmpty(path, start, i - start)) {
          throw bad(shown, "it has an empty, . or .. segment");
        }
        start = i + 1;
      }
    }
  }

  /** Whether the segment of {@code n} bytes at {@code start} is empty, {@code .} or {@code ..}. */
  private static boolean isDotsOrEmpty(byte[] path, int start, int n) {
    return n == 0 || n <= 2 && path[start] == '.' && (n == 1 || path[start + 1] == '.');
  }

  private static RepositoryException bad(String path, String why) {
    return new RepositoryException(RepositoryException.BAD_PATH, "The file path \"" + path
        + "\" cannot be read: " + why + ". Give a path relative to the repository's root, such as"
        + " src/Main.java.");
  }
}
