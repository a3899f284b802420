package org.communal.diff;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file after applying a diff: its contents before and after. When a patch series touches the
 * file in several mails, this is their composition: the original is the file at the base, the
 * patched contents are the file after the last mail, and the status and paths compare those two.
 *
 * <p>Immutable; the byte accessors return copies.
 */
public final class AppliedFile {
  private final FileStatus status;
  private final String oldPath;
  private final String newPath;
  private final List<FileDiff> diffs;
  private final byte[] original;
  private final byte[] patched;
  private final boolean contentKnown;

  /**
   * @param status the composed status
   * @param oldPath the path at the base, null when added
   * @param newPath the path after the last entry, null when deleted
   * @param diffs the entries applied to this file, in order; at least one
   * @param original the contents at the base, null when added
   * @param patched the contents after, null when deleted or when not known
   * @param contentKnown false for a binary file whose diff carries no data: then patched is null
   *     although the file exists
   */
  public AppliedFile(FileStatus status, String oldPath, String newPath, List<FileDiff> diffs,
      byte[] original, byte[] patched, boolean contentKnown) {
    this.status = Objects.requireNonNull(status, "status");
    if (oldPath == null && newPath == null || diffs.isEmpty()) {
      throw new IllegalArgumentException("an applied file has a path and at least one diff");
    }
    this.oldPath = oldPath;
    this.newPath = newPath;
    this.diffs = List.copyOf(diffs);
    this.original = original == null ? null : original.clone();
    this.patched = patched == null ? null : patched.clone();
    this.contentKnown = contentKnown;
  }

  /** Added, deleted, modified, renamed or copied, comparing the base to the end. */
  public FileStatus status() {
    return status;
  }

  /** The path at the base, or null when the file was added. */
  public String oldPath() {
    return oldPath;
  }

  /** The path after the diff, or null when the file was deleted. */
  public String newPath() {
    return newPath;
  }

  /** The path after the diff, or at the base for a deleted file; never null. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }

  /** The entries applied to this file, in order (several for a series). */
  public List<FileDiff> diffs() {
    return diffs;
  }

  /** True when any entry is binary. */
  public boolean binary() {
    return diffs.stream().anyMatch(FileDiff::binary);
  }

  /** The contents at the base; empty when the file was added. */
  public Optional<byte[]> original() {
    return Optional.ofNullable(original).map(byte[]::clone);
  }

  /** The contents after the diff; empty when deleted or not {@link #contentKnown() known}. */
  public Optional<byte[]> patched() {
    return Optional.ofNullable(patched).map(byte[]::clone);
  }

  /**
   * False for a binary file whose diff has no {@code GIT binary patch} data: the file exists
   * after the diff but its contents cannot be shown.
   */
  public boolean contentKnown() {
    return contentKnown;
  }

  @Override
  public String toString() {
    return "AppliedFile[" + status + " " + oldPath + " -> " + newPath + ", " + diffs.size()
        + " entries" + (contentKnown ? "" : ", contents unknown") + "]";
  }
}
