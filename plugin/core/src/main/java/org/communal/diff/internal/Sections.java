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
    boolean[] shown = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).kind() != Row.Kind.EQUAL) {
        int to = Math.min(rows.size() - 1, i + context);
        for (int k = Math.max(0, i - context); k <= to; k++) {
          shown[k] = true;
        }
      }
    }
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

  private static Section collapsed(List<Row> rows, int from, int to) {
    Row first = rows.get(from);
    Row last = rows.get(to - 1);
    return new Section.Collapsed(first.oldLine(), last.oldLine(), first.newLine(), last.newLine(),
        true);
  }
}
