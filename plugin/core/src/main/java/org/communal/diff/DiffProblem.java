package org.communal.diff;

import java.util.Objects;

/**
 * One thing wrong with an uploaded diff, or with applying it.
 *
 * @param message what went wrong, with the values involved, and how to fix it; never null
 * @param line the 1-based line of the raw upload that the problem is at, or 0 when the problem
 *     is not at one line (a limit, an empty upload)
 * @param path the file the problem concerns, or null when it concerns no single file
 * @param hunk the 1-based number of the hunk within that file's patch, or 0 when it concerns no
 *     single hunk
 */
public record DiffProblem(String message, int line, String path, int hunk) {
  public DiffProblem {
    Objects.requireNonNull(message, "message");
    if (line < 0 || hunk < 0) {
      throw new IllegalArgumentException("line and hunk are 0 or more; were " + line + ", " + hunk);
    }
  }

  /** A problem that concerns the whole upload. */
  public static DiffProblem general(String message) {
    return new DiffProblem(message, 0, null, 0);
  }
}
