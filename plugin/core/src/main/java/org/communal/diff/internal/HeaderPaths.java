package org.communal.diff.internal;

import java.util.Arrays;
import org.communal.diff.GitPath;

/**
 * An entry's paths as the bytes git wrote, read from its header lines: {@code ---} and
 * {@code +++}, else {@code rename}/{@code copy from} and {@code to}, else the {@code diff --git}
 * line. JGit decodes paths that are not UTF-8 as ISO-8859-1, which makes {@code bad\377.txt} the
 * different path {@code badÿ.txt}; here the bytes are kept and given as {@link GitPath} strings.
 */
final class HeaderPaths {
  private HeaderPaths() {}

  /**
   * The old ({@code old}) or new path of the entry whose header is {@code raw[start, end)}, or
   * null when the header does not name it (then JGit's reading stands).
   */
  static String find(byte[] raw, int start, int end, boolean old) {
    byte[] path = fromLine(raw, start, end, old ? "--- " : "+++ ", true);
    if (path == null) {
      path = fromLine(raw, start, end, old ? "rename from " : "rename to ", false);
    }
    if (path == null) {
      path = fromLine(raw, start, end, old ? "copy from " : "copy to ", false);
    }
    if (path == null && Bytes.startsWith(raw, start, end, "diff --git ")) {
      path = fromGitLine(raw, start, Bytes.nextLine(raw, start, end), old);
    }
    return path == null || path.length == 0 ? null : GitPath.of(path);
  }

  /** The path of the first line starting with {@code prefix}, or null. */
  private static byte[] fromLine(byte[] raw, int start, int end, String prefix,
      boolean prefixed) {
    for (int at = start; at < end; at = Bytes.nextLine(raw, at, end)) {
      if (Bytes.startsWith(raw, at, end, prefix)) {
        int from = at + prefix.length();
        int eol = lineEnd(raw, from, Bytes.nextLine(raw, at, end));
        if (from >= eol || eol - from == 9 && Bytes.startsWith(raw, from, eol, "/dev/null")) {
          return null; // No path on this side: another line names it, or none does.
        }
        byte[] name = raw[from] == '"' ? GitPath.unquote(raw, from, eol)
            : Arrays.copyOfRange(raw, from, prefixed ? untilTab(raw, from, eol) : eol);
        return name == null || !prefixed ? name : withoutPrefix(name);
      }
    }
    return null;
  }

  /**
   * One of the two paths of {@code diff --git <a> <b>}. Quoted names end at their quote; two
   * unquoted names are split where, without their {@code a/} and {@code b/}, they are equal
   * (as git does: only a rename or copy names two paths, and its other lines name them).
   */
  private static byte[] fromGitLine(byte[] raw, int start, int eol, boolean old) {
    int from = start + "diff --git ".length();
    int to = lineEnd(raw, from, eol);
    if (from >= to) {
      return null;
    }
    if (raw[from] == '"') {
      int close = closingQuote(raw, from, to);
      byte[] a = GitPath.unquote(raw, from, to);
      return old || a == null ? withoutPrefix(a) : second(raw, close + 2, to);
    }
    for (int space = from; space < to; space++) {
      if (raw[space] == ' ') {
        byte[] a = withoutPrefix(Arrays.copyOfRange(raw, from, space));
        byte[] b = second(raw, space + 1, to);
        if (Arrays.equals(a, b)) {
          return a;
        }
      }
    }
    return null;
  }

  private static byte[] second(byte[] raw, int from, int to) {
    if (from >= to) {
      return null;
    }
    byte[] name = raw[from] == '"' ? GitPath.unquote(raw, from, to)
        : Arrays.copyOfRange(raw, from, to);
    return withoutPrefix(name);
  }

  private static int closingQuote(byte[] raw, int open, int to) {
    int i = open + 1;
    while (i < to && raw[i] != '"') {
      i += raw[i] == '\\' ? 2 : 1;
    }
    return i;
  }

  /** The end of the line's text: before its {@code \n}. */
  private static int lineEnd(byte[] raw, int from, int next) {
    return next > from && raw[next - 1] == '\n' ? next - 1 : next;
  }

  /** Git ends a {@code ---} or {@code +++} path with a tab when it has a space. */
  private static int untilTab(byte[] raw, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] == '\t') {
        return i;
      }
    }
    return to;
  }

  /** Drops git's {@code a/} or {@code b/} (or whatever prefix ends at the first slash). */
  private static byte[] withoutPrefix(byte[] name) {
    if (name == null) {
      return null;
    }
    for (int i = 0; i < name.length; i++) {
      if (name[i] == '/') {
        return Arrays.copyOfRange(name, i + 1, name.length);
      }
    }
    return name;
  }
}
