package org.communal.diff;

import java.util.List;
import java.util.Optional;

/**
 * A diff applied to its base: one {@link AppliedFile} per file, in the order each first appears
 * in the upload.
 *
 * @param files the files; never empty
 */
public record AppliedDiff(List<AppliedFile> files) {
  public AppliedDiff {
    files = List.copyOf(files);
  }

  /** The file whose path after the diff (or at the base, if deleted) is {@code path}. */
  public Optional<AppliedFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }
}
