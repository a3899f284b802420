package org.communal.diff;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The patch of one file, as one {@code diff --git} entry of an upload describes it.
 *
 * @param status added, deleted, modified (also for a change of mode alone), renamed or copied
 * @param oldPath the path before, or null for an added file
 * @param newPath the path after, or null for a deleted file
 * @param oldMode the mode before as git writes it (such as {@code 100644}), or null when the
 *     file is added or the diff does not say (a pure rename has no mode line)
 * @param newMode the mode after, or null when the file is deleted or the diff does not say
 * @param oldId the abbreviated blob id before, from the {@code index} line, or null when the file
 *     is added or there is no {@code index} line
 * @param newId the abbreviated blob id after, or null when deleted or there is no index line
 * @param similarity the rename or copy similarity in percent, or null for other statuses
 * @param payload text, binary without data ({@code Binary files ... differ}), or binary with
 *     {@code GIT binary patch} data
 * @param linesAdded added lines in the hunks (0 for binary files)
 * @param linesRemoved removed lines in the hunks (0 for binary files)
 * @param hunks the hunks in order; empty for binary files and for changes of name or mode alone
 * @param firstLine the 1-based line of the raw upload that holds this entry's {@code diff --git}
 * @param patch the exact bytes of this entry in the upload, from its {@code diff --git} line to
 *     its last hunk, to store and serve as {@code text/x-patch}; {@link #patch()} returns a copy
 */
public record FileDiff(FileStatus status, String oldPath, String newPath, String oldMode,
    String newMode, String oldId, String newId, Integer similarity, Payload payload,
    int linesAdded, int linesRemoved, List<Hunk> hunks, int firstLine, byte[] patch) {

  /** What kind of content the entry's patch carries. */
  public enum Payload {
    TEXT,
    /** A binary file whose new contents the diff does not carry; they cannot be shown. */
    BINARY_WITHOUT_DATA,
    /** A binary file with {@code GIT binary patch} literal or delta data. */
    BINARY_WITH_DATA
  }

  public FileDiff {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(payload, "payload");
    if (oldPath == null && newPath == null) {
      throw new IllegalArgumentException("a file diff has an old path, a new path or both");
    }
    hunks = List.copyOf(hunks);
    patch = patch.clone();
  }

  /** The path after the change, or the path before it for a deleted file; never null. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }

  /** True for binary files, whether or not the diff carries their data. */
  public boolean binary() {
    return payload != Payload.TEXT;
  }

  /** A copy of the exact bytes of this entry. */
  @Override
  public byte[] patch() {
    return patch.clone();
  }

  /** The size of {@link #patch()} in bytes, without copying it. */
  public int patchLength() {
    return patch.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileDiff f && status == f.status && Objects.equals(oldPath, f.oldPath)
        && Objects.equals(newPath, f.newPath) && Objects.equals(oldMode, f.oldMode)
        && Objects.equals(newMode, f.newMode) && Objects.equals(oldId, f.oldId)
        && Objects.equals(newId, f.newId) && Objects.equals(similarity, f.similarity)
        && payload == f.payload && linesAdded == f.linesAdded && linesRemoved == f.linesRemoved
        && hunks.equals(f.hunks) && firstLine == f.firstLine && Arrays.equals(patch, f.patch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, oldPath, newPath, linesAdded, linesRemoved, firstLine)
        * 31 + Arrays.hashCode(patch);
  }

  @Override
  public String toString() {
    return "FileDiff[" + status + " " + oldPath + " -> " + newPath + ", " + oldMode + " -> "
        + newMode + ", " + payload + ", +" + linesAdded + " -" + linesRemoved + ", "
        + hunks.size() + " hunks, line " + firstLine + "]";
  }
}
