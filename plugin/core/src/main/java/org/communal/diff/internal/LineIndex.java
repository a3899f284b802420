package org.communal.diff.internal;

import java.util.Arrays;

/** Maps byte offsets of a raw upload to 1-based line numbers. */
final class LineIndex {
  private final int[] starts;
  private final int count;
  private final int length;

  private LineIndex(int[] starts, int count, int length) {
    this.starts = starts;
    this.count = count;
    this.length = length;
  }

  /** Indexes every line of {@code buf}; a last line without {@code \n} counts as a line. */
  static LineIndex of(byte[] buf) {
    int[] starts = new int[1024];
    int count = 0;
    for (int at = 0; at < buf.length; at = Bytes.nextLine(buf, at, buf.length)) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = at;
    }
    return new LineIndex(starts, count, buf.length);
  }

  /** How many lines the buffer has. */
  int lineCount() {
    return count;
  }

  /** The 1-based line that holds byte {@code offset}; past the end, the line after the last. */
  int lineOf(int offset) {
    if (offset >= length) {
      return count + 1;
    }
    int i = Arrays.binarySearch(starts, 0, count, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }
}
