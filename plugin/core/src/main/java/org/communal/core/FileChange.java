package org.communal.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One file of a diff revision, as its list shows it. A file that a {@code git format-patch}
 * series changes in several commits is one file: its status, paths, modes, blob ids and counts
 * compare the base with the end of the series.
 *
 * @param position where the file's first change comes in the upload, from 0
 * @param status {@code added}, {@code deleted}, {@code modified}, {@code renamed} or {@code copied}
 * @param oldPath the path before (empty for an added file); a path that is not valid UTF-8 is
 *     written as git quotes it (see {@link org.communal.diff.GitPath})
 * @param newPath the path after (empty for a deleted file)
 * @param oldMode the mode before, such as {@code 100644}: as the diff says, or from the base
 *     commit when the diff does not say (a pure rename) and the repository is known
 * @param newMode the mode after, as for oldMode
 * @param oldBlob the blob id before: abbreviated from the diff's index line, or in full from the
 *     base commit when the diff has none and the repository is known
 * @param newBlob the blob id after, as for oldBlob
 * @param binary whether the file is binary
 * @param linesAdded lines added; empty for a binary file, where counting lines does not apply
 * @param linesRemoved lines removed; empty for a binary file
 */
public record FileChange(int position, String status, Optional<String> oldPath,
    Optional<String> newPath, Optional<String> oldMode, Optional<String> newMode,
    Optional<String> oldBlob, Optional<String> newBlob, boolean binary, OptionalInt linesAdded,
    OptionalInt linesRemoved) {
  public FileChange {
    Objects.requireNonNull(status, "status");
    if (oldPath.isEmpty() && newPath.isEmpty()) {
      throw new IllegalArgumentException("a file change has an old path, a new path or both");
    }
    if (binary && (linesAdded.isPresent() || linesRemoved.isPresent())) {
      throw new IllegalArgumentException("a binary file has no line counts");
    }
  }

  /** The path after the change, or before it for a deleted file. */
  public String path() {
    return newPath.or(() -> oldPath).orElseThrow();
  }
}
