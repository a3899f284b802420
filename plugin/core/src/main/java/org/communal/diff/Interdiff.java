package org.communal.diff;

import java.util.List;
import java.util.Objects;

/**
 * What changed between two revisions of a change, without the changes upstream made between
 * their bases. Built by {@link Diffs#interdiff(Revision, Revision, RowOptions)}.
 *
 * @param files the files whose contents differ between the revisions, in the order they first
 *     appear in revision A and then B; files that differ only upstream are not listed
 */
public record Interdiff(List<InterdiffFile> files) {
  public Interdiff {
    files = List.copyOf(files);
  }

  /**
   * One revision of a change: its diff and the base it applies to.
   *
   * @param diff the parsed upload
   * @param base the files at the commit the upload was made against
   */
  public record Revision(ParsedDiff diff, FileSource base) {
    public Revision {
      Objects.requireNonNull(diff, "diff");
      Objects.requireNonNull(base, "base");
    }
  }
}
