package org.communal.diff.internal;

import java.util.Arrays;

/** A growable byte array without the locking of {@link java.io.ByteArrayOutputStream}. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void write(byte[] src, int from, int to) {
    int n = to - from;
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
    System.arraycopy(src, from, buf, size, n);
    size += n;
  }

  void write(byte b) {
    if (size == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[size++] = b;
  }

  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}
