package org.communal.core.internal;

import java.util.Optional;
import org.communal.core.NewComment;

/**
 * Where a diff comment may sit: on lines its file's side has. Not API.
 *
 * @param oldPath the file's path before, or null when it was added
 * @param newPath the path after, or null when it was deleted
 * @param binary whether the file is binary: it has no lines at all
 * @param oldLines lines of the old side, or null when not known (stored before they were kept)
 * @param newLines lines of the new side, or null
 * @param wholeFile true when the counts are the files' own (the revision was applied to its
 *     base), false when they are the last lines the diff's hunks show
 */
public record CommentLines(String oldPath, String newPath, boolean binary, Integer oldLines,
    Integer newLines, boolean wholeFile) {

  /** What is wrong with where {@code c} sits, for {@code field} (such as comments[2]). */
  public Optional<String> problem(String field, NewComment c) {
    boolean old = c.side().equals("old");
    String path = old ? oldPath : newPath;
    String side = old ? "old" : "new";
    if (binary) {
      return Optional.of(field + ": " + (newPath != null ? newPath : oldPath) + " is binary: it"
          + " has no lines to comment on; comment on the review as a whole instead");
    }
    if (path == null) {
      return Optional.of(field + ": " + (old ? newPath + " is added" : oldPath + " is deleted")
          + ", so it has no " + side + " side; comment on its " + (old ? "new" : "old")
          + " side");
    }
    Integer lines = old ? oldLines : newLines;
    long last = (long) c.firstLine() + c.numLines() - 1;
    if (lines == null || last <= lines) {
      return Optional.empty();
    }
    return Optional.of(field + ": lines " + c.firstLine() + " to " + last + " of the " + side
        + " side of " + path + " lie past its end: " + (wholeFile ? "that side has " + lines
        + " lines" : "the diff shows lines up to " + lines + " of that side")
        + "; comment on lines 1 to " + lines);
  }
}
