package org.communal.diff.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.patch.FileHeader;

/** The blob ids of a file header's {@code index <old>..<new> [<mode>]} line. */
final class IndexLine {
  private static final Pattern INDEX =
      Pattern.compile("index ([0-9a-f]{4,64})\\.\\.([0-9a-f]{4,64})( [0-7]{6})?\\n?");

  private IndexLine() {}

  /**
   * The old and new id, both null when there is no index line, or null with a problem recorded
   * when the line is malformed.
   */
  static String[] ids(ParseContext ctx, FileHeader fh, int headerEnd) {
    int at = find(ctx.raw, fh.getStartOffset(), headerEnd);
    if (at < 0) {
      return new String[2];
    }
    Matcher m = INDEX.matcher(Bytes.ascii(ctx.raw, at, Bytes.nextLine(ctx.raw, at, headerEnd)));
    if (m.matches()) {
      return new String[] {m.group(1), m.group(2)};
    }
    report(ctx, at, FileReader.displayPath(fh));
    return null;
  }

  /**
   * Reports the index line of the header at {@code start} if it is malformed (JGit throws on
   * some); returns whether it did.
   */
  static boolean reportIfMalformed(ParseContext ctx, int start, int end) {
    int at = find(ctx.raw, start, FileReader.headerEnd(ctx.raw, start, end));
    if (at < 0 || INDEX.matcher(Bytes.ascii(ctx.raw, at, Bytes.nextLine(ctx.raw, at, end)))
        .matches()) {
      return false;
    }
    report(ctx, at, null);
    return true;
  }

  private static int find(byte[] raw, int start, int headerEnd) {
    for (int at = start; at < headerEnd; at = Bytes.nextLine(raw, at, headerEnd)) {
      if (Bytes.startsWith(raw, at, headerEnd, "index ")) {
        return at;
      }
    }
    return -1;
  }

  private static void report(ParseContext ctx, int at, String path) {
    ctx.problem(at, path, 0, "the index line " + ctx.quoteLine(at) + " is malformed; git"
        + " writes 'index <old id>..<new id> <mode>' with hexadecimal ids");
  }
}
