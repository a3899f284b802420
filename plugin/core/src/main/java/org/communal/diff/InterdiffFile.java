package org.communal.diff;

import java.util.Objects;

/**
 * One file of an {@link Interdiff}.
 *
 * @param oldPath the file's path in revision A after its diff, or null when A does not have the
 *     file (B adds it, or A deleted it)
 * @param newPath the file's path in revision B after its diff, or null when B does not have it
 * @param method how the rows were computed
 * @param binary true when either side is binary: then there are no rows and view is null
 * @param view the rows, from A's file (left) to B's file (right); null for binary files
 */
public record InterdiffFile(String oldPath, String newPath, Method method, boolean binary,
    SideBySide view) {

  /** How an interdiff file was computed. */
  public enum Method {
    /**
     * A's change was merged onto B's base without conflict (a three-way merge with A's original
     * as the base), and the rows compare that to B's file: they show exactly what the author
     * changed between the revisions.
     */
    REBASED,
    /**
     * Rebasing A's change onto B's base conflicted, so the rows compare A's file with B's file
     * directly; rows that only show upstream changes are marked {@link Row#upstream()}.
     */
    UPSTREAM_MARKED,
    /** One side is binary, or its contents are not known; the files are compared as bytes. */
    BYTES
  }

  public InterdiffFile {
    Objects.requireNonNull(method, "method");
    if (oldPath == null && newPath == null) {
      throw new IllegalArgumentException("an interdiff file has a path on at least one side");
    }
    if (binary == (view != null)) {
      throw new IllegalArgumentException("a binary interdiff file has no view; a text one has");
    }
  }

  /** The path in B, or in A when B does not have the file; never null. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }
}
