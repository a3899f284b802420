package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.diff.Hunk;
import org.communal.diff.Hunk.LineKind;

/**
 * Reads one hunk's body by the counts in its header, as {@code git apply} does, and reports a
 * body that has fewer or more lines than the header promises. JGit finds the hunks; this reader
 * decides where each one ends, so that a mail signature or trailing junk is never taken for body.
 */
final class HunkReader {
  private static final Pattern HEADER = Pattern.compile(
      "@@ -(\\d{1,9})(?:,(\\d{1,9}))? \\+(\\d{1,9})(?:,(\\d{1,9}))? @@ ?([^\\n]*?)\\r?\\n?");

  /** A hunk read from the upload, and the offset just past its body. */
  record Result(Hunk hunk, int end) {}

  private final ParseContext ctx;
  private final String path;
  private final int number;
  private final int patchStart;
  private final List<Hunk.Line> lines = new ArrayList<>();
  private int oldSeen;
  private int newSeen;

  private HunkReader(ParseContext ctx, String path, int number, int patchStart) {
    this.ctx = ctx;
    this.path = path;
    this.number = number;
    this.patchStart = patchStart;
  }

  /**
   * Reads the hunk whose header is at {@code start}, with its body before {@code limit}.
   * Returns null, with a problem recorded, when the header or the body is malformed.
   */
  static Result read(ParseContext ctx, String path, int number, int patchStart, int start,
      int limit) {
    return new HunkReader(ctx, path, number, patchStart).read(start, limit);
  }

  private Result read(int start, int limit) {
    int bodyStart = Bytes.nextLine(ctx.raw, start, limit);
    Matcher m = HEADER.matcher(Bytes.ascii(ctx.raw, start, bodyStart));
    if (!m.matches()) {
      ctx.problem(start, path, number, "hunk " + number + " of " + path + " has a malformed"
          + " header; it must read '@@ -start,count +start,count @@' with decimal numbers");
      return null;
    }
    int oldCount = count(m.group(2));
    int newCount = count(m.group(4));
    int end = readBody(bodyStart, limit, oldCount, newCount, start);
    if (end < 0) {
      return null;
    }
    String section = Decoding.decodeLine(ctx.raw, start + m.start(5), start + m.end(5));
    return new Result(new Hunk(Integer.parseInt(m.group(1)), oldCount,
        Integer.parseInt(m.group(3)), newCount, section, ctx.lineOf(start), lines), end);
  }

  private static int count(String group) {
    return group == null ? 1 : Integer.parseInt(group);
  }

  /** Reads body lines until both counts are met; the end offset, or -1 after a problem. */
  private int readBody(int at, int limit, int oldCount, int newCount, int header) {
    while (at < limit && (oldSeen < oldCount || newSeen < newCount)) {
      byte c = ctx.raw[at];
      if (c == '\\') {
        at = markNoNewline(at, limit);
        continue;
      }
      LineKind kind = kindOf(c);
      if (kind == null) {
        break;
      }
      if (overflows(kind, oldCount, newCount)) {
        tooLong(at, header, oldCount, newCount);
        return -1;
      }
      at = addLine(kind, at, limit);
    }
    if (oldSeen < oldCount || newSeen < newCount) {
      truncated(at, header, oldCount, newCount);
      return -1;
    }
    if (at < limit && ctx.raw[at] == '\\') {
      at = markNoNewline(at, limit);
    }
    return at;
  }

  private static LineKind kindOf(byte c) {
    return switch (c) {
      // git apply takes an empty line for an empty context line whose space was stripped.
      case ' ', '\n' -> LineKind.CONTEXT;
      case '+' -> LineKind.ADDED;
      case '-' -> LineKind.REMOVED;
      default -> null;
    };
  }

  private boolean overflows(LineKind kind, int oldCount, int newCount) {
    boolean old = kind != LineKind.ADDED && oldSeen >= oldCount;
    boolean neu = kind != LineKind.REMOVED && newSeen >= newCount;
    return old || neu;
  }

  private int addLine(LineKind kind, int at, int limit) {
    int eol = Bytes.nextLine(ctx.raw, at, limit);
    int from = ctx.raw[at] == '\n' ? at : at + 1;
    int to = eol > from && ctx.raw[eol - 1] == '\n' ? eol - 1 : eol;
    int textEnd = to > from && ctx.raw[to - 1] == '\r' ? to - 1 : to;
    String text = Decoding.decodeLine(ctx.raw, from, textEnd);
    lines.add(new Hunk.Line(kind, text, false, from - patchStart, to - from));
    oldSeen += kind == LineKind.ADDED ? 0 : 1;
    newSeen += kind == LineKind.REMOVED ? 0 : 1;
    return eol;
  }

  private int markNoNewline(int at, int limit) {
    if (!lines.isEmpty()) {
      Hunk.Line last = lines.remove(lines.size() - 1);
      lines.add(new Hunk.Line(last.kind(), last.text(), true, last.offset(), last.length()));
    }
    return Bytes.nextLine(ctx.raw, at, limit);
  }

  private void truncated(int at, int header, int oldCount, int newCount) {
    boolean atEnd = at >= ctx.raw.length;
    String where = atEnd ? "stops at the end of the upload" : "stops at " + ctx.describeLine(at)
        + ", which is not a hunk line (hunk lines start with ' ', '+', '-' or '\\')";
    ctx.problem(atEnd ? header : at, path, number, "hunk " + number + " of " + path
        + " (header at line " + ctx.lineOf(header) + ") promises " + oldCount + " old and "
        + newCount + " new lines but its body " + where + " after " + oldSeen + " old and "
        + newSeen + " new lines; restore the missing lines or correct the counts in the header");
  }

  private void tooLong(int at, int header, int oldCount, int newCount) {
    ctx.problem(at, path, number, "hunk " + number + " of " + path + " (header at line "
        + ctx.lineOf(header) + ") promises " + oldCount + " old and " + newCount
        + " new lines but its body has more: " + ctx.describeLine(at) + " is one too many;"
        + " correct the counts in the header or remove the extra lines");
  }
}
