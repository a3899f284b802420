package org.communal.diff.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communal.diff.DiffException;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.Hunk;
import org.communal.diff.Hunk.LineKind;
import org.communal.diff.Row;
import org.communal.diff.Section;
import org.communal.diff.SideBySide;
import org.communal.diff.TextEncoding;

/**
 * Side-by-side rows of a file that several entries of a series change, from their hunks alone:
 * what the whole series does to it, base against end, as far as the hunks show the file. The
 * file is followed as a sparse list of lines, each a known line (from a hunk) or a run of base
 * lines nobody showed; each entry's hunks are applied to it at exactly their positions, as a
 * series git made applies. Between the base lines that survive, the removed lines (all known:
 * they were hunk lines) are diffed with the added ones, so a line a later commit restores is not
 * counted as changed. Memory follows the hunks' lines, never the line numbers in them.
 */
public final class SeriesHunkRows {
  /** The end of every file whose length nobody knows: base lines run up to here. */
  private static final int UNKNOWN_END = Integer.MAX_VALUE;

  /**
   * Lines of one version of the file: one known line ({@code text} set, {@code base} 0 when the
   * series added it), or {@code count} base lines from {@code base} that no hunk showed.
   */
  private record Seg(int base, int count, String text, boolean noNewline) {
    static Seg run(int base, int count) {
      return new Seg(base, count, null, false);
    }

    boolean known() {
      return text != null;
    }

    boolean sameText(Hunk.Line l) {
      return text.equals(l.text()) && noNewline == l.noNewlineAtEnd();
    }
  }

  private final Map<Integer, Seg> baseLines = new HashMap<>();
  private List<Seg> version;

  private SeriesHunkRows(boolean added) {
    this.version = new ArrayList<>(added ? List.of() : List.of(Seg.run(1, UNKNOWN_END - 1)));
  }

  /**
   * The rows of the series' change to one file, its entries in order.
   *
   * @throws DiffException {@value DiffException#DOES_NOT_APPLY} when a hunk does not fit what
   *     the earlier entries left: the entries are not one series of the same file
   */
  public static SideBySide of(List<FileDiff> entries) {
    SeriesHunkRows rows = new SeriesHunkRows(entries.get(0).oldPath() == null);
    entries.forEach(rows::apply);
    TextEncoding encoding = encoding(entries);
    return new View(rows.baseLines).build(rows.version, encoding);
  }

  private void apply(FileDiff entry) {
    Reader in = new Reader(version, entry);
    List<Seg> out = new ArrayList<>();
    int line = 1;
    for (int i = 0; i < entry.hunks().size(); i++) {
      Hunk h = entry.hunks().get(i);
      int start = h.oldCount() == 0 ? h.oldStart() + 1 : h.oldStart();
      out.addAll(in.take(start - line, h, i + 1));
      line = Math.max(line, start);
      for (Hunk.Line l : h.lines()) {
        if (l.kind() == LineKind.ADDED) {
          out.add(new Seg(0, 1, l.text(), l.noNewlineAtEnd()));
          continue;
        }
        Seg known = learn(in.take(1, h, i + 1).get(0), l, entry, h, i + 1);
        line++;
        if (l.kind() == LineKind.CONTEXT) {
          out.add(known);
        }
      }
    }
    out.addAll(in.rest());
    version = out;
  }

  /** The line a hunk line shows, now known; refused when it is known to be another. */
  private Seg learn(Seg s, Hunk.Line l, FileDiff entry, Hunk h, int number) {
    Seg known = s.known() ? s : new Seg(s.base(), 1, l.text(), l.noNewlineAtEnd());
    Seg before = s.base() > 0 ? baseLines.get(s.base()) : null;
    Seg shown = before != null ? before : known;
    if (!shown.sameText(l)) {
      throw misfit(entry, h, number, "expects '" + l.text() + "' where the earlier commits of"
          + " the series leave '" + shown.text() + "'");
    }
    if (s.base() > 0) {
      baseLines.put(s.base(), shown);
    }
    return shown;
  }

  static DiffException misfit(FileDiff entry, Hunk h, int number, String what) {
    return DiffException.of(DiffException.DOES_NOT_APPLY, new DiffProblem("hunk " + number
        + " of " + entry.path() + " (@@ at line " + h.headerLine() + " of the upload) " + what
        + "; the commits are not one series: upload the output of git format-patch for them",
        h.headerLine(), entry.path(), number));
  }

  /** Takes lines of a version in order, splitting runs. */
  private static final class Reader {
    private final List<Seg> segs;
    private final FileDiff entry;
    private int index;
    private int used;

    Reader(List<Seg> segs, FileDiff entry) {
      this.segs = segs;
      this.entry = entry;
    }

    List<Seg> take(int n, Hunk h, int number) {
      List<Seg> out = new ArrayList<>();
      for (int left = n; left > 0; ) {
        if (index >= segs.size()) {
          throw misfit(entry, h, number, "needs more lines than the earlier commits of the"
              + " series leave in the file");
        }
        Seg s = segs.get(index);
        int k = Math.min(left, s.count() - used);
        out.add(s.known() ? s : Seg.run(s.base() + used, k));
        used += k;
        left -= k;
        if (used == s.count()) {
          index++;
          used = 0;
        }
      }
      return out;
    }

    List<Seg> rest() {
      List<Seg> out = new ArrayList<>();
      if (index < segs.size()) {
        Seg s = segs.get(index);
        out.add(s.known() ? s : Seg.run(s.base() + used, s.count() - used));
        out.addAll(segs.subList(index + 1, segs.size()));
      }
      return out;
    }
  }

  /** Builds the rows and sections of the last version against the base. */
  private static final class View {
    private final Map<Integer, Seg> baseLines;
    private final List<Row> rows = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<Row> chunk = new ArrayList<>();
    private final List<Seg> removed = new ArrayList<>();
    private final List<Seg> added = new ArrayList<>();
    private int nextBase = 1;
    private int nextNew = 1;

    View(Map<Integer, Seg> baseLines) {
      this.baseLines = baseLines;
    }

    SideBySide build(List<Seg> last, TextEncoding encoding) {
      for (Seg s : last) {
        add(s);
      }
      region();
      closeChunk();
      return new SideBySide(rows, sections, encoding, encoding);
    }

    private void add(Seg s) {
      if (s.base() == 0) {
        added.add(s);
        return;
      }
      for (int b = nextBase; b < s.base(); b++) {
        removed.add(baseLines.get(b)); // A base line only goes as a removed hunk line: known.
      }
      region();
      if (s.known()) {
        chunk.add(Row.equal(s.base(), nextNew, s.text(), s.text()));
      } else {
        closeChunk();
        if (s.base() + s.count() == UNKNOWN_END) {
          return; // The rest of the file, which no hunk showed: nothing comes after it.
        }
        fold(s.base(), s.base() + s.count() - 1, nextNew);
      }
      nextBase = s.base() + s.count();
      nextNew += s.count();
    }

    /** The removed and added lines between two surviving base lines, diffed. */
    private void region() {
      if (removed.isEmpty() && added.isEmpty()) {
        return;
      }
      FileText a = FileText.of(bytes(removed));
      FileText b = FileText.of(bytes(added));
      int oldFrom = removed.isEmpty() ? 0 : removed.get(0).base() - 1;
      for (Row r : RowBuilder.rows(a, b, RowBuilder.edits(a, b, false))) {
        chunk.add(new Row(r.kind(), r.oldLine() == null ? null : r.oldLine() + oldFrom,
            r.newLine() == null ? null : r.newLine() + nextNew - 1, r.oldText(), r.newText(),
            r.oldChanges(), r.newChanges(), false));
      }
      nextNew += added.size();
      removed.clear();
      added.clear();
    }

    /** A chunk without a change is folded too: the series changed nothing there. */
    private void closeChunk() {
      if (chunk.stream().anyMatch(r -> r.kind() != Row.Kind.EQUAL)) {
        rows.addAll(chunk);
        sections.add(new Section.Chunk(chunk));
      } else if (!chunk.isEmpty()) {
        Row first = chunk.get(0);
        fold(first.oldLine(), chunk.get(chunk.size() - 1).oldLine(), first.newLine());
      }
      chunk.clear();
    }

    private void fold(int oldFrom, int oldTo, int newFrom) {
      int last = sections.size() - 1;
      if (last >= 0 && sections.get(last) instanceof Section.Collapsed c
          && c.oldTo() + 1 == oldFrom && c.newTo() + 1 == newFrom) {
        sections.set(last, new Section.Collapsed(c.oldFrom(), oldTo, c.newFrom(),
            newFrom + oldTo - oldFrom, false));
        return;
      }
      sections.add(new Section.Collapsed(oldFrom, oldTo, newFrom, newFrom + oldTo - oldFrom,
          false));
    }

    private static byte[] bytes(List<Seg> lines) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Seg s : lines) {
        out.writeBytes(s.text().getBytes(StandardCharsets.UTF_8));
        if (!s.noNewline()) {
          out.write('\n');
        }
      }
      return out.toByteArray();
    }
  }

  /** ISO-8859-1 when any line of any entry is not UTF-8, as for rows from one entry's hunks. */
  private static TextEncoding encoding(List<FileDiff> entries) {
    for (FileDiff d : entries) {
      byte[] patch = d.patch();
      for (Hunk h : d.hunks()) {
        for (Hunk.Line l : h.lines()) {
          if (Decoding.detect(patch, l.offset(), l.offset() + l.length())
              == TextEncoding.ISO_8859_1) {
            return TextEncoding.ISO_8859_1;
          }
        }
      }
    }
    return TextEncoding.UTF_8;
  }
}
