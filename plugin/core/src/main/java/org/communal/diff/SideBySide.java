package org.communal.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One file shown side by side: every row, and the same rows grouped into chunks with the
 * unchanged lines between them folded. Built by {@link Diffs#sideBySide(byte[], byte[],
 * RowOptions)} from whole files, or by {@link Diffs#sideBySideOfHunks(FileDiff)} from the hunks
 * alone (then only the lines the hunks show are known).
 *
 * <p>Immutable and thread-safe.
 */
public final class SideBySide {
  private final List<Row> rows;
  private final List<Section> sections;
  private final TextEncoding oldEncoding;
  private final TextEncoding newEncoding;
  /** The old line numbers of the rows that have one, ascending, and those rows' indexes. */
  private final int[] oldLines;
  private final int[] rowOfOldLine;

  /**
   * @param rows every known row, in order of both line numbers
   * @param sections the rows grouped: every change row is in a chunk
   * @param oldEncoding how the original was decoded
   * @param newEncoding how the patched file was decoded
   */
  public SideBySide(List<Row> rows, List<Section> sections, TextEncoding oldEncoding,
      TextEncoding newEncoding) {
    this.rows = List.copyOf(rows);
    this.sections = List.copyOf(sections);
    this.oldEncoding = Objects.requireNonNull(oldEncoding, "oldEncoding");
    this.newEncoding = Objects.requireNonNull(newEncoding, "newEncoding");
    this.oldLines = this.rows.stream().filter(r -> r.oldLine() != null)
        .mapToInt(Row::oldLine).toArray();
    this.rowOfOldLine = new int[oldLines.length];
    for (int i = 0, k = 0; i < this.rows.size(); i++) {
      if (this.rows.get(i).oldLine() != null) {
        rowOfOldLine[k++] = i;
      }
    }
  }

  /** Every known row, in order. */
  public List<Row> rows() {
    return rows;
  }

  /** Chunks of changes with their context, and the folded runs between them, in order. */
  public List<Section> sections() {
    return sections;
  }

  /** How the original was decoded: UTF-8, or ISO-8859-1 if it was not valid UTF-8. */
  public TextEncoding oldEncoding() {
    return oldEncoding;
  }

  /** How the patched file was decoded. */
  public TextEncoding newEncoding() {
    return newEncoding;
  }

  /**
   * The last original line this view knows: the original's line count for a view of whole
   * files, the last original line the hunks show for a view built from hunks alone; 0 when
   * there is none.
   */
  public int oldLineCount() {
    return oldLines.length == 0 ? 0 : oldLines[oldLines.length - 1];
  }

  /**
   * The last patched line this view knows: the patched file's line count for a view of whole
   * files, the last patched line the hunks show for a view built from hunks; 0 when none.
   */
  public int newLineCount() {
    return rows.stream().filter(r -> r.newLine() != null).mapToInt(Row::newLine).max()
        .orElse(0);
  }

  /** Lines the rows add: their insert and replace rows. */
  public int linesAdded() {
    return (int) rows.stream().filter(r -> r.kind() == Row.Kind.INSERT
        || r.kind() == Row.Kind.REPLACE).count();
  }

  /** Lines the rows remove: their delete and replace rows. */
  public int linesRemoved() {
    return (int) rows.stream().filter(r -> r.kind() == Row.Kind.DELETE
        || r.kind() == Row.Kind.REPLACE).count();
  }

  /** True when any row is not {@link Row.Kind#EQUAL}. */
  public boolean hasChanges() {
    return rows.stream().anyMatch(r -> r.kind() != Row.Kind.EQUAL);
  }

  /**
   * The rows of original lines {@code oldFrom..oldTo} (1-based, inclusive), for a client that
   * unfolds part or all of a {@link Section.Collapsed} run.
   *
   * @throws IllegalArgumentException if the range is empty or reversed, or a line in it is
   *     changed, beyond the end of the original, or not known (a view built from hunks alone)
   */
  public List<Row> expand(int oldFrom, int oldTo) {
    if (oldFrom < 1 || oldTo < oldFrom) {
      throw new IllegalArgumentException("expand takes original lines from..to with 1 <= from <="
          + " to; was " + oldFrom + ".." + oldTo);
    }
    if (oldTo > oldLineCount()) {
      // Checked first: the rows a range asks for are only collected once it is known to fit.
      throw cannotExpand(oldFrom, oldTo, "this view knows original lines up to "
          + oldLineCount());
    }
    int k = Math.max(Arrays.binarySearch(oldLines, oldFrom), -1);
    List<Row> out = new ArrayList<>(oldTo - oldFrom + 1);
    for (int line = oldFrom; line <= oldTo; line++, k++) {
      boolean known = k >= 0 && oldLines[k] == line;
      if (!known || rows.get(rowOfOldLine[k]).kind() != Row.Kind.EQUAL) {
        throw cannotExpand(oldFrom, oldTo, "line " + line + (known ? " is changed"
            : " is not known in this view"));
      }
      out.add(rows.get(rowOfOldLine[k]));
    }
    return out;
  }

  private static IllegalArgumentException cannotExpand(int from, int to, String why) {
    return new IllegalArgumentException("cannot expand original lines " + from + ".." + to + ": "
        + why + "; expand only the lines of a collapsed section");
  }

  @Override
  public String toString() {
    return "SideBySide[" + rows.size() + " rows, " + sections.size() + " sections]";
  }
}
