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

  /**
   * The path bytes with one leading {@code /} dropped, checked as {@link #normalize(String)}
   * checks a string.
   */
  static byte[] normalize(byte[] path) {
    int from = path.length > 0 && path[0] == '/' ? 1 : 0;
    byte[] p = java.util.Arrays.copyOfRange(path, from, path.length);
    String shown = printable(p);
    if (p.length == 0) {
      throw bad(shown, "it is empty");
    }
    int start = 0;
    for (int i = 0; i <= p.length; i++) {
      if (i < p.length && p[i] == 0) {
        throw bad(shown, "it has a NUL character");
      }
      if (i == p.length || p[i] == '/') {
        int n = i - start;
        boolean dots = n <= 2 && (n == 0 || p[start] == '.' && (n == 1 || p[start + 1] == '.'));
        if (dots) {
          throw bad(shown, "it has an empty, . or .. segment");
        }
        start = i + 1;
      }
    }
    return p;
  }

  /** The path for a message: ASCII as is, other bytes in octal as git quotes them. */
  private static String printable(byte[] path) {
    StringBuilder s = new StringBuilder();
    for (byte b : path) {
      int c = b & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
          : "\\" + Integer.toOctalString(0x200 | c).substring(1));
    }
    return s.toString();
  }

  private static RepositoryException bad(String path, String why) {
    return new RepositoryException(RepositoryException.BAD_PATH, "The file path \"" + path
        + "\" cannot be read: " + why + ". Give a path relative to the repository's root, such as"
        + " src/Main.java.");
  }
}
