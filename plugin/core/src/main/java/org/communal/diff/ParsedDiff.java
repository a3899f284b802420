package org.communal.diff;

import java.util.List;

/**
 * A parsed upload: every file entry in the order of the upload and, for {@code git format-patch}
 * output, the mails.
 *
 * <p>When a series touches the same file in several mails, each mail's entry stays its own entry
 * here, in order; {@link Diffs#apply(ParsedDiff, FileSource)} composes them into one file.
 *
 * @param files every {@code diff --git} entry, in upload order; never empty
 * @param mails the mails of a {@code format-patch} upload in order, or empty for plain
 *     {@code git diff} output
 */
public record ParsedDiff(List<FileDiff> files, List<PatchMail> mails) {
  public ParsedDiff {
    files = List.copyOf(files);
    mails = List.copyOf(mails);
  }

  /** Added lines over all entries. */
  public int linesAdded() {
    return files.stream().mapToInt(FileDiff::linesAdded).sum();
  }

  /** Removed lines over all entries. */
  public int linesRemoved() {
    return files.stream().mapToInt(FileDiff::linesRemoved).sum();
  }
}
