package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import org.communal.diff.Row;
import org.communal.diff.RowOptions;
import org.communal.diff.SideBySide;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * Side-by-side rows of two whole files: JGit's {@link HistogramDiff} over the lines, then each
 * edit's removed lines paired in order with its added lines as replace rows (with intra-line
 * ranges), the rest as deletes or inserts.
 */
public final class RowBuilder {
  private static final HistogramDiff DIFF = new HistogramDiff();

  private RowBuilder() {}

  /** See {@link org.communal.diff.Diffs#sideBySide(byte[], byte[], RowOptions)}. */
  public static SideBySide sideBySide(byte[] original, byte[] patched, RowOptions options) {
    FileText a = FileText.of(original);
    FileText b = FileText.of(patched);
    List<Row> rows = rows(a, b, edits(a, b, options.ignoreWhitespace()));
    return new SideBySide(rows, Sections.group(rows, options.context()), a.encoding(),
        b.encoding());
  }

  static EditList edits(FileText a, FileText b, boolean ignoreWhitespace) {
    RawTextComparator cmp =
        ignoreWhitespace ? RawTextComparator.WS_IGNORE_ALL : RawTextComparator.DEFAULT;
    return DIFF.diff(cmp, a, b);
  }

  static List<Row> rows(FileText a, FileText b, EditList edits) {
    List<Row> rows = new ArrayList<>(Math.max(a.size(), b.size()) + 8);
    int ai = 0;
    int bi = 0;
    for (Edit e : edits) {
      for (; ai < e.getBeginA(); ai++, bi++) {
        rows.add(Row.equal(ai + 1, bi + 1, a.line(ai), b.line(bi)));
      }
      addEdit(rows, a, b, e);
      ai = e.getEndA();
      bi = e.getEndB();
    }
    for (; ai < a.size(); ai++, bi++) {
      rows.add(Row.equal(ai + 1, bi + 1, a.line(ai), b.line(bi)));
    }
    return rows;
  }

  private static void addEdit(List<Row> rows, FileText a, FileText b, Edit e) {
    int paired = Math.min(e.getLengthA(), e.getLengthB());
    for (int k = 0; k < paired; k++) {
      rows.add(replace(e.getBeginA() + k + 1, a.line(e.getBeginA() + k),
          e.getBeginB() + k + 1, b.line(e.getBeginB() + k)));
    }
    for (int i = e.getBeginA() + paired; i < e.getEndA(); i++) {
      rows.add(delete(i + 1, a.line(i)));
    }
    for (int i = e.getBeginB() + paired; i < e.getEndB(); i++) {
      rows.add(insert(i + 1, b.line(i)));
    }
  }

  static Row replace(int oldLine, String oldText, int newLine, String newText) {
    IntraLine.Changes c = IntraLine.of(oldText, newText);
    return new Row(Row.Kind.REPLACE, oldLine, newLine, oldText, newText, c.old(), c.neu(), false);
  }

  static Row delete(int oldLine, String text) {
    return new Row(Row.Kind.DELETE, oldLine, null, text, null, List.of(), List.of(), false);
  }

  static Row insert(int newLine, String text) {
    return new Row(Row.Kind.INSERT, null, newLine, null, text, List.of(), List.of(), false);
  }
}
