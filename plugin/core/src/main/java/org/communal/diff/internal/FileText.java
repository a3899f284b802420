package org.communal.diff.internal;

import org.communal.diff.TextEncoding;
import org.eclipse.jgit.diff.RawText;

/**
 * One side of a file for display: JGit's {@link RawText} for diffing and merging, with each line
 * also decoded once (without its {@code \n} or {@code \r\n}).
 */
final class FileText extends RawText {
  static final FileText ABSENT = new FileText(new byte[0]);

  private final TextEncoding encoding;
  private final String[] decoded;

  private FileText(byte[] content) {
    super(content);
    this.encoding = Decoding.detect(content, 0, content.length);
    this.decoded = new String[size()];
  }

  /** The text of {@code content}, or an empty text when the file does not exist (null). */
  static FileText of(byte[] content) {
    return content == null ? ABSENT : new FileText(content);
  }

  TextEncoding encoding() {
    return encoding;
  }

  /** Line {@code i} (0-based), decoded, without its line end. */
  String line(int i) {
    String s = decoded[i];
    if (s == null) {
      int from = start(i);
      int to = end(i);
      to = to > from && content[to - 1] == '\n' ? to - 1 : to;
      to = to > from && content[to - 1] == '\r' ? to - 1 : to;
      s = Decoding.decode(content, from, to, encoding);
      decoded[i] = s;
    }
    return s;
  }

  byte[] content() {
    return content;
  }

  /** The offset of line {@code i}'s first byte. */
  int start(int i) {
    return lines.get(i + 1);
  }

  /** The offset just past line {@code i}, its {@code \n} included. */
  int end(int i) {
    return lines.get(i + 2);
  }
}
