package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a diff revision, as its list shows it.
 *
 * @param position where the file comes in the upload, from 0
 * @param status {@code added}, {@code deleted}, {@code modified}, {@code renamed} or {@code copied}
 * @param oldPath the path before (empty for an added file)
 * @param newPath the path after (empty for a deleted file)
 * @param oldMode the mode before, such as {@code 100644}, when the diff says
 * @param newMode the mode after, when the diff says
 * @param oldBlob the abbreviated blob id before, from the diff's index line
 * @param newBlob the abbreviated blob id after
 * @param binary whether the file is binary
 * @param linesAdded lines added
 * @param linesRemoved lines removed
 */
public record FileChange(int position, String status, Optional<String> oldPath,
    Optional<String> newPath, Optional<String> oldMode, Optional<String> newMode,
    Optional<String> oldBlob, Optional<String> newBlob, boolean binary, int linesAdded,
    int linesRemoved) {
  public FileChange {
    Objects.requireNonNull(status, "status");
    if (oldPath.isEmpty() && newPath.isEmpty()) {
      throw new IllegalArgumentException("a file change has an old path, a new path or both");
    }
  }

  /** The path after the change, or before it for a deleted file. */
  public String path() {
    return newPath.or(() -> oldPath).orElseThrow();
  }
}
