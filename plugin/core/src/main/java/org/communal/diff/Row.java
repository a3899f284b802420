package org.communal.diff;

import java.util.List;
import java.util.Objects;

/**
 * One row of a side-by-side view: a line of the original on the left, of the patched file on the
 * right, or both.
 *
 * @param kind equal (both sides), insert (right only), delete (left only) or replace (a removed
 *     line paired with an added one)
 * @param oldLine the 1-based line of the original, or null for an insert
 * @param newLine the 1-based line of the patched file, or null for a delete
 * @param oldText the original line without its line end, or null for an insert
 * @param newText the patched line without its line end, or null for a delete
 * @param oldChanges for a replace row, the changed parts of oldText, in order; otherwise empty
 * @param newChanges for a replace row, the changed parts of newText, in order; otherwise empty
 * @param upstream true in an interdiff that fell back to comparing the patched files, when the
 *     row only shows changes that came from upstream (the base moved); always false elsewhere
 */
public record Row(Kind kind, Integer oldLine, Integer newLine, String oldText, String newText,
    List<Range> oldChanges, List<Range> newChanges, boolean upstream) {

  /** What the row shows. */
  public enum Kind {
    EQUAL,
    INSERT,
    DELETE,
    REPLACE
  }

  /**
   * A changed part of a line: characters {@code start} (inclusive) to {@code end} (exclusive),
   * counted in UTF-16 code units as {@link String#substring(int, int)} (and JavaScript) count.
   */
  public record Range(int start, int end) {
    public Range {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("a range needs 0 <= start <= end; was " + start + ".."
            + end);
      }
    }
  }

  public Row {
    Objects.requireNonNull(kind, "kind");
    if ((oldLine == null) != (oldText == null) || (newLine == null) != (newText == null)) {
      throw new IllegalArgumentException("a side has both a line number and a text, or neither");
    }
    oldChanges = List.copyOf(oldChanges);
    newChanges = List.copyOf(newChanges);
  }

  /** An unchanged line. */
  public static Row equal(int oldLine, int newLine, String oldText, String newText) {
    return new Row(Kind.EQUAL, oldLine, newLine, oldText, newText, List.of(), List.of(), false);
  }

  /** This row with its {@link #upstream()} mark set. */
  public Row markedUpstream() {
    return new Row(kind, oldLine, newLine, oldText, newText, oldChanges, newChanges, true);
  }
}
