package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.Hunk;
import org.communal.diff.Hunk.LineKind;

/**
 * Applies a text file's hunks to its original bytes as {@code git apply} does without options:
 * no fuzz (every context and removed line must match exactly, line ends and a missing final
 * newline included), but a hunk may apply at an offset. The search starts where the hunk's new
 * start says, then tries one line after, one before, two after, and so on, never before the end
 * of the previous hunk. A hunk that starts at line 0 or 1 must match at the start of the file,
 * and a hunk without trailing context must match at its end.
 */
final class TextPatcher {
  private final FileDiff diff;
  private final byte[] patch;
  private final TextLines original;
  private final List<DiffProblem> problems;
  private final ByteSink out;
  private int cursor;
  private int delta;

  private TextPatcher(FileDiff diff, byte[] original, List<DiffProblem> problems) {
    this.diff = diff;
    this.patch = diff.patch();
    this.original = TextLines.of(original);
    this.problems = problems;
    this.out = new ByteSink(original.length + patch.length);
  }

  /** The patched bytes, or null with one problem per failing hunk added to {@code problems}. */
  static byte[] apply(FileDiff diff, byte[] original, List<DiffProblem> problems) {
    return new TextPatcher(diff, original, problems).run();
  }

  private byte[] run() {
    boolean failed = false;
    for (int i = 0; i < diff.hunks().size(); i++) {
      failed |= !applyHunk(diff.hunks().get(i), i + 1);
    }
    if (failed) {
      return null;
    }
    out.write(original.content(), original.start(cursor), original.content().length);
    return out.toByteArray();
  }

  private boolean applyHunk(Hunk hunk, int number) {
    List<Hunk.Line> pre = side(hunk, LineKind.ADDED);
    boolean atStart = hunk.oldStart() <= 1;
    boolean atEnd = trailingContext(hunk) == 0;
    int expected = Math.max(hunk.newStart() - 1, 0) - delta;
    int at = find(pre, expected, atStart, atEnd);
    if (at < 0) {
      int free = atStart || atEnd ? find(pre, expected, false, false) : -1;
      if (free >= 0) {
        reportPlacement(hunk, number, free, free + pre.size(), atEnd);
      } else {
        reportMismatch(hunk, number, pre, atStart ? 0 : expected);
      }
      return false;
    }
    out.write(original.content(), original.start(cursor), original.start(at));
    for (Hunk.Line line : side(hunk, LineKind.REMOVED)) {
      out.write(patch, line.offset(), line.offset() + line.length());
      if (!line.noNewlineAtEnd()) {
        out.write((byte) '\n');
      }
    }
    cursor = at + pre.size();
    delta += hunk.newCount() - hunk.oldCount();
    return true;
  }

  /** The lines of one side: without {@code excluded} (added lines for the old side). */
  private static List<Hunk.Line> side(Hunk hunk, LineKind excluded) {
    List<Hunk.Line> lines = new ArrayList<>(hunk.lines().size());
    for (Hunk.Line l : hunk.lines()) {
      if (l.kind() != excluded) {
        lines.add(l);
      }
    }
    return lines;
  }

  private static int trailingContext(Hunk hunk) {
    int n = 0;
    for (int i = hunk.lines().size() - 1; i >= 0; i--) {
      if (hunk.lines().get(i).kind() != LineKind.CONTEXT) {
        break;
      }
      n++;
    }
    return n;
  }

  private int find(List<Hunk.Line> pre, int expected, boolean atStart, boolean atEnd) {
    int lo = cursor;
    int hi = original.count() - pre.size();
    if (atStart || atEnd) {
      int only = atStart ? 0 : hi;
      boolean ok = only >= lo && (!atStart || !atEnd || hi == 0) && mismatchAt(pre, only) < 0;
      return ok ? only : -1;
    }
    int start = Math.max(lo, Math.min(expected, hi));
    for (int d = 0; start + d <= hi || start - d >= lo; d++) {
      if (start + d <= hi && mismatchAt(pre, start + d) < 0) {
        return start + d;
      }
      if (d > 0 && start - d >= lo && mismatchAt(pre, start - d) < 0) {
        return start - d;
      }
    }
    return -1;
  }

  /** The index of the first preimage line that differs at {@code at}, or -1 if all match. */
  private int mismatchAt(List<Hunk.Line> pre, int at) {
    for (int j = 0; j < pre.size(); j++) {
      if (at + j >= original.count() || !lineMatches(pre.get(j), at + j)) {
        return j;
      }
    }
    return -1;
  }

  private boolean lineMatches(Hunk.Line line, int index) {
    int from = original.start(index);
    int to = original.end(index);
    int len = line.length() + (line.noNewlineAtEnd() ? 0 : 1);
    if (to - from != len || !line.noNewlineAtEnd() && original.content()[to - 1] != '\n') {
      return false;
    }
    return Bytes.rangeEquals(patch, line.offset(), line.offset() + line.length(),
        original.content(), from, from + line.length());
  }

  private void reportMismatch(Hunk hunk, int number, List<Hunk.Line> pre, int at) {
    int start = Math.max(at, cursor); // Hunks apply in order: never above the previous one.
    int j = Math.max(mismatchAt(pre, start), 0);
    Hunk.Line want = pre.isEmpty() ? null : pre.get(j);
    int line = want == null ? hunk.headerLine() : uploadLine(want);
    report(hunk, number, line, describe(want, start + j) + ", and the hunk matches nowhere else"
        + " in the file; the diff was made against a different version of " + diff.path()
        + ": make it against the base commit");
  }

  /**
   * The hunk's lines are in the file, but not where a hunk without leading or trailing context
   * must match (git apply's rule without --unidiff-zero); reported at the hunk's header.
   */
  private void reportPlacement(Hunk hunk, int number, int from, int to, boolean atEnd) {
    String where;
    if (atEnd && to < original.count()) {
      where = "it has no context lines after its changes, so it must match at the end of the"
          + " file (as git apply requires without --unidiff-zero), but it matches at line "
          + (from + 1) + " and the original has " + (original.count() - to) + " more lines after"
          + " line " + to;
    } else {
      where = "it starts at line " + hunk.oldStart() + " without context lines before its"
          + " changes, so it must match at the start of the file (as git apply requires without"
          + " --unidiff-zero), but " + (cursor > 0 ? "an earlier hunk already changed the start"
          : "it matches at line " + (from + 1));
    }
    report(hunk, number, hunk.headerLine(), where + "; make the diff with context lines (not"
        + " -U0) against the base commit");
  }

  private void report(Hunk hunk, int number, int line, String detail) {
    problems.add(new DiffProblem("hunk " + number + " of " + diff.path() + " (@@ -"
        + hunk.oldStart() + "," + hunk.oldCount() + " +" + hunk.newStart() + "," + hunk.newCount()
        + " @@ at line " + hunk.headerLine() + " of the upload) does not apply: " + detail, line,
        diff.path(), number));
  }

  private String describe(Hunk.Line want, int index) {
    if (want == null || index >= original.count()) {
      String expects = want == null ? "an empty file" : "line " + (index + 1) + " to be '"
          + want.text() + "'";
      return "the hunk expects " + expects + " but the original has " + original.count()
          + " lines";
    }
    return "at line " + (index + 1) + " of the original the hunk expects '" + want.text() + "'"
        + (want.noNewlineAtEnd() ? " (with no newline at end of file)" : "")
        + endingNote(want) + " but the file has " + original.describe(index)
        + endingNote(index);
  }

  private String endingNote(Hunk.Line want) {
    boolean crlf = want.length() > 0 && patch[want.offset() + want.length() - 1] == '\r';
    return crlf ? " ending in CRLF" : "";
  }

  private String endingNote(int index) {
    int end = original.end(index);
    boolean crlf = end - original.start(index) >= 2 && original.content()[end - 2] == '\r';
    return crlf ? " ending in CRLF" : "";
  }

  private int uploadLine(Hunk.Line line) {
    int n = diff.firstLine();
    for (int i = 0; i < line.offset(); i++) {
      n += patch[i] == '\n' ? 1 : 0;
    }
    return n;
  }
}
