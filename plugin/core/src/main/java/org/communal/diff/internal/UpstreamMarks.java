package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.communal.diff.Row;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;

/**
 * Marks the rows of a diff from A's file to B's file that only show upstream changes: a line of
 * A's file that A kept from its base and that upstream removed (diff of the two bases), or a line
 * of B's file that B kept from its base and that upstream added. A row is marked when every side
 * it has is such a line, so a row that also shows the author's work is never hidden.
 */
final class UpstreamMarks {
  private UpstreamMarks() {}

  static List<Row> mark(List<Row> rows, FileText baseA, FileText baseB, FileText patchedA,
      FileText patchedB) {
    EditList upstream = RowBuilder.edits(baseA, baseB, false);
    boolean[] removedUpstream = touched(upstream, baseA.size(), true);
    boolean[] addedUpstream = touched(upstream, baseB.size(), false);
    int[] originA = origins(RowBuilder.edits(baseA, patchedA, false), patchedA.size());
    int[] originB = origins(RowBuilder.edits(baseB, patchedB, false), patchedB.size());
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      boolean oldUp = r.oldLine() == null || flagged(originA, removedUpstream, r.oldLine());
      boolean newUp = r.newLine() == null || flagged(originB, addedUpstream, r.newLine());
      out.add(r.kind() != Row.Kind.EQUAL && oldUp && newUp ? r.markedUpstream() : r);
    }
    return out;
  }

  private static boolean flagged(int[] origin, boolean[] changed, int line) {
    int o = origin[line - 1];
    return o >= 0 && changed[o];
  }

  /** Which lines of side A (or B) the edits remove (or add). */
  private static boolean[] touched(EditList edits, int size, boolean sideA) {
    boolean[] out = new boolean[size];
    for (Edit e : edits) {
      int from = sideA ? e.getBeginA() : e.getBeginB();
      int to = sideA ? e.getEndA() : e.getEndB();
      Arrays.fill(out, from, to, true);
    }
    return out;
  }

  /** For each line of the patched file, the base line it was kept from, or -1 if added. */
  private static int[] origins(EditList edits, int patchedSize) {
    int[] origin = new int[patchedSize];
    Arrays.fill(origin, -1);
    int a = 0;
    int b = 0;
    for (Edit e : edits) {
      while (b < e.getBeginB()) {
        origin[b++] = a++;
      }
      a = e.getEndA();
      b = e.getEndB();
    }
    while (b < patchedSize) {
      origin[b++] = a++;
    }
    return origin;
  }
}
