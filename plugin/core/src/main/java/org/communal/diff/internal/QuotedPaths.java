package org.communal.diff.internal;

import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.util.QuotedString;

/**
 * Paths from {@code ---} and {@code +++} lines that git quoted. Git ends such a line with a tab
 * when the path has a space ({@code --- "a/x \303\244.txt"<TAB>}); JGit then fails to unquote
 * it, so those two lines are read here instead.
 */
final class QuotedPaths {
  private QuotedPaths() {}

  /** The old path ({@code ---}) or new path ({@code +++}) if that line is quoted, else null. */
  static String find(byte[] raw, FileHeader fh, int headerEnd, boolean old) {
    String prefix = old ? "--- \"" : "+++ \"";
    for (int at = fh.getStartOffset(); at < headerEnd; at = Bytes.nextLine(raw, at, headerEnd)) {
      if (Bytes.startsWith(raw, at, headerEnd, prefix)) {
        return unquote(raw, at + 4, Bytes.nextLine(raw, at, headerEnd));
      }
    }
    return null;
  }

  private static String unquote(byte[] raw, int open, int eol) {
    int close = open + 1;
    while (close < eol && raw[close] != '"') {
      close += raw[close] == '\\' ? 2 : 1;
    }
    if (close >= eol) {
      return null;
    }
    String path = QuotedString.GIT_PATH.dequote(raw, open, close + 1);
    int slash = path.indexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path; // Drops git's a/ or b/ prefix.
  }
}
