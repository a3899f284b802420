package org.communal.diff.internal;

import java.util.Arrays;

/** Where each line of a byte array starts; a line includes its {@code \n}, if any. */
final class TextLines {
  private final byte[] content;
  private final int[] starts;
  private final int count;

  private TextLines(byte[] content, int[] starts, int count) {
    this.content = content;
    this.starts = starts;
    this.count = count;
  }

  /** Splits at every {@code \n}; a last line without one is a line; empty content has none. */
  static TextLines of(byte[] content) {
    int[] starts = new int[Math.max(16, content.length / 32)];
    int count = 0;
    for (int at = 0; at < content.length; at = Bytes.nextLine(content, at, content.length)) {
      if (count + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[count++] = at;
    }
    starts[count] = content.length;
    return new TextLines(content, starts, count);
  }

  byte[] content() {
    return content;
  }

  int count() {
    return count;
  }

  /** The first byte of line {@code i} (0-based); {@code start(count())} is the content's end. */
  int start(int i) {
    return starts[i];
  }

  /** The end of line {@code i}, past its {@code \n}. */
  int end(int i) {
    return starts[i + 1];
  }

  /** Line {@code i} for a message: its text in quotes, and whether it lacks a line end. */
  String describe(int i) {
    int end = end(i);
    boolean newline = end > start(i) && content[end - 1] == '\n';
    String text = Bytes.lineForMessage(content, start(i), end);
    return "'" + text + "'" + (newline ? "" : " (with no newline at end of file)");
  }
}
