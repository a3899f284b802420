package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import org.communal.diff.Row;
import org.communal.diff.Section;

/**
 * Groups rows into chunks: every change row with up to {@code context} unchanged rows on each
 * side, as git's hunks do, so two changes closer than twice the context share a chunk. The
 * unchanged rows left over become {@link Section.Collapsed} runs.
 */
final class Sections {
  private Sections() {}

  static List<Section> group(List<Row> rows, int context) {
    boolean[] shown = shown(rows, context);
    List<Section> out = new ArrayList<>();
    int i = 0;
    while (i < rows.size()) {
      int j = i;
      while (j < rows.size() && shown[j] == shown[i]) {
        j++;
      }
      out.add(shown[i] ? new Section.Chunk(rows.subList(i, j)) : collapsed(rows, i, j));
      i = j;
    }
    return out;
  }

  /**
   * Which rows are within {@code context} rows of a change: one pass each way, so the work does
   * not grow with the context asked for.
   */
  private static boolean[] shown(List<Row> rows, int context) {
    boolean[] shown = new boolean[rows.size()];
    long lastChange = Long.MIN_VALUE / 2;
    for (int i = 0; i < rows.size(); i++) {
      lastChange = rows.get(i).kind() != Row.Kind.EQUAL ? i : lastChange;
      shown[i] = i - lastChange <= context;
    }
    long nextChange = Long.MAX_VALUE / 2;
    for (int i = rows.size() - 1; i >= 0; i--) {
      nextChange = rows.get(i).kind() != Row.Kind.EQUAL ? i : nextChange;
      shown[i] |= nextChange - i <= context;
    }
    return shown;
  }

  private static Section collapsed(List<Row> rows, int from, int to) {
    Row first = rows.get(from);
    Row last = rows.get(to - 1);
    return new Section.Collapsed(first.oldLine(), last.oldLine(), first.newLine(), last.newLine(),
        true);
  }
}
