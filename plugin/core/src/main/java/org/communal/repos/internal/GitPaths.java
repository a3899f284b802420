package org.communal.repos.internal;

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
    String p = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      throw bad(path, "it is empty");
    }
    if (p.indexOf('\0') >= 0) {
      throw bad(path, "it has a NUL character");
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw bad(path, "it has an empty, . or .. segment");
      }
    }
    return p;
  }

  private static RepositoryException bad(String path, String why) {
    return new RepositoryException(RepositoryException.BAD_PATH, "The file path \"" + path
        + "\" cannot be read: " + why + ". Give a path relative to the repository's root, such as"
        + " src/Main.java.");
  }
}
