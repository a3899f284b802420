package org.communal.diff;

import java.util.List;

/** A part of a side-by-side view: rows to show, or a run of unchanged lines folded away. */
public sealed interface Section permits Section.Chunk, Section.Collapsed {

  /** Rows to show: changes with their context. */
  record Chunk(List<Row> rows) implements Section {
    public Chunk {
      rows = List.copyOf(rows);
    }
  }

  /**
   * A folded run of unchanged lines: original lines {@code oldFrom..oldTo} are patched lines
   * {@code newFrom..newTo} (1-based, inclusive). {@link SideBySide#expand(int, int)} gives their
   * rows when {@code expandable}; a view built from hunks alone does not know them.
   */
  record Collapsed(int oldFrom, int oldTo, int newFrom, int newTo, boolean expandable)
      implements Section {
    public Collapsed {
      if (oldFrom < 1 || oldTo < oldFrom || newTo - newFrom != oldTo - oldFrom) {
        throw new IllegalArgumentException("a collapsed run covers 1 or more lines, as many on"
            + " each side; was " + oldFrom + ".." + oldTo + " and " + newFrom + ".." + newTo);
      }
    }

    /** How many lines are folded. */
    public int lineCount() {
      return oldTo - oldFrom + 1;
    }
  }
}
