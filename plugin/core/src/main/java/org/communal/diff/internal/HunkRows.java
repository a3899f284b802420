package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import org.communal.diff.FileDiff;
import org.communal.diff.Hunk;
import org.communal.diff.Hunk.LineKind;
import org.communal.diff.Row;
import org.communal.diff.Section;
import org.communal.diff.SideBySide;
import org.communal.diff.TextEncoding;

/**
 * Side-by-side rows from a file's hunks alone, when its original is not at hand: each hunk is a
 * chunk, a run of removed lines is paired with the run of added lines after it, and the lines
 * between hunks are collapsed runs that cannot be expanded. Lines after the last hunk are not
 * shown, since the diff does not say how many there are.
 */
public final class HunkRows {
  private final FileDiff diff;
  private final byte[] patch;
  private final TextEncoding oldEncoding;
  private final TextEncoding newEncoding;

  private HunkRows(FileDiff diff) {
    this.diff = diff;
    this.patch = diff.patch();
    this.oldEncoding = encoding(LineKind.ADDED);
    this.newEncoding = encoding(LineKind.REMOVED);
  }

  /** See {@link org.communal.diff.Diffs#sideBySideOfHunks(FileDiff)}. */
  public static SideBySide of(FileDiff diff) {
    return new HunkRows(diff).build();
  }

  private SideBySide build() {
    List<Row> rows = new ArrayList<>();
    List<Section> sections = new ArrayList<>();
    int nextOld = 1;
    int nextNew = 1;
    for (Hunk h : diff.hunks()) {
      int oldStart = h.oldCount() == 0 ? h.oldStart() + 1 : h.oldStart();
      int newStart = h.newCount() == 0 ? h.newStart() + 1 : h.newStart();
      if (oldStart > nextOld) {
        sections.add(new Section.Collapsed(nextOld, oldStart - 1, nextNew,
            nextNew + oldStart - 1 - nextOld, false));
      }
      List<Row> chunk = hunkRows(h, oldStart, newStart);
      rows.addAll(chunk);
      sections.add(new Section.Chunk(chunk));
      nextOld = oldStart + h.oldCount();
      nextNew = newStart + h.newCount();
    }
    return new SideBySide(rows, sections, oldEncoding, newEncoding);
  }

  private List<Row> hunkRows(Hunk h, int oldLine, int newLine) {
    List<Row> rows = new ArrayList<>(h.lines().size());
    List<Hunk.Line> lines = h.lines();
    int i = 0;
    while (i < lines.size()) {
      if (lines.get(i).kind() == LineKind.CONTEXT) {
        rows.add(Row.equal(oldLine++, newLine++, text(lines.get(i), oldEncoding),
            text(lines.get(i), newEncoding)));
        i++;
        continue;
      }
      int removed = run(lines, i, LineKind.REMOVED);
      int added = run(lines, i + removed, LineKind.ADDED);
      addChange(rows, lines.subList(i, i + removed), lines.subList(i + removed, i + removed
          + added), oldLine, newLine);
      oldLine += removed;
      newLine += added;
      i += removed + added;
    }
    return rows;
  }

  private void addChange(List<Row> rows, List<Hunk.Line> removed, List<Hunk.Line> added,
      int oldLine, int newLine) {
    int paired = Math.min(removed.size(), added.size());
    for (int k = 0; k < paired; k++) {
      rows.add(RowBuilder.replace(oldLine + k, text(removed.get(k), oldEncoding), newLine + k,
          text(added.get(k), newEncoding)));
    }
    for (int k = paired; k < removed.size(); k++) {
      rows.add(RowBuilder.delete(oldLine + k, text(removed.get(k), oldEncoding)));
    }
    for (int k = paired; k < added.size(); k++) {
      rows.add(RowBuilder.insert(newLine + k, text(added.get(k), newEncoding)));
    }
  }

  private static int run(List<Hunk.Line> lines, int from, LineKind kind) {
    int n = 0;
    while (from + n < lines.size() && lines.get(from + n).kind() == kind) {
      n++;
    }
    return n;
  }

  private String text(Hunk.Line line, TextEncoding encoding) {
    int to = line.offset() + line.length();
    if (to > line.offset() && patch[to - 1] == '\r') {
      to--;
    }
    return Decoding.decode(patch, line.offset(), to, encoding);
  }

  /** One encoding for every line of a side, so that a file reads the same throughout. */
  private TextEncoding encoding(LineKind excluded) {
    for (Hunk h : diff.hunks()) {
      for (Hunk.Line l : h.lines()) {
        if (l.kind() != excluded && Decoding.detect(patch, l.offset(), l.offset() + l.length())
            == TextEncoding.ISO_8859_1) {
          return TextEncoding.ISO_8859_1;
        }
      }
    }
    return TextEncoding.UTF_8;
  }
}
