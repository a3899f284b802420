package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.GitPath;

/**
 * The paths git apply accepts: relative to the repository's root, without empty, {@code .} or
 * {@code ..} segments, and outside git's own {@code .git} directory. A diff stored without a
 * repository is never checked against one, so these rules are all that keeps its paths sane.
 */
final class PathRules {
  private PathRules() {}

  /** A problem for every path of {@code files} that breaks a rule, at its file's first line. */
  static List<DiffProblem> check(List<FileDiff> files) {
    List<DiffProblem> problems = new ArrayList<>();
    for (FileDiff f : files) {
      for (String path : new String[] {f.oldPath(), f.newPath()}) {
        String why = path == null ? null : whyInvalid(GitPath.bytes(path));
        if (why != null) {
          problems.add(new DiffProblem("invalid path '" + path + "' (git apply refuses it too): "
              + why + "; a diff names files from the repository's root, as git diff writes them",
              f.firstLine(), path, 0));
          break;
        }
      }
    }
    return problems;
  }

  /** Why the path is refused, or null when it is fine. */
  private static String whyInvalid(byte[] path) {
    if (path.length > 0 && path[0] == '/') {
      return "it is absolute";
    }
    int start = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i < path.length && path[i] == 0) {
        return "it holds a NUL byte";
      }
      if (i == path.length || path[i] == '/') {
        String why = whyInvalidSegment(new String(path, start, i - start,
            java.nio.charset.StandardCharsets.ISO_8859_1));
        if (why != null) {
          return why;
        }
        start = i + 1;
      }
    }
    return null;
  }

  private static String whyInvalidSegment(String segment) {
    return switch (segment.toLowerCase(Locale.ROOT)) {
      case "" -> "it has an empty segment";
      case "." -> "it has a '.' segment";
      case ".." -> "its '..' would reach outside the repository";
      case ".git" -> "it is inside git's own '.git' directory";
      default -> null;
    };
  }
}
