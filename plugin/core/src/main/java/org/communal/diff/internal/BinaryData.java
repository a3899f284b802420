package org.communal.diff.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.InflaterInputStream;
import org.eclipse.jgit.patch.BinaryHunk;
import org.eclipse.jgit.util.io.BinaryDeltaInputStream;
import org.eclipse.jgit.util.io.BinaryHunkInputStream;

/** Decodes {@code GIT binary patch} hunks: base85 lines, deflated, holding a literal or a delta. */
final class BinaryData {
  /**
   * How many bytes the binary data of one upload may decode to in all: the sizes its hunks
   * declare, and for deltas the size of the file they make. Without a limit, a few kilobytes of
   * deflated zeros could take the whole heap.
   */
  static final long MAX_DECODED_BYTES = 64L << 20;

  private BinaryData() {}

  /**
   * The inflated payload of a binary hunk: the file itself for a literal, the delta instructions
   * for a delta. Allocates at most {@code maxBytes} (plus one byte), whatever size the hunk
   * declares and however much its data inflates.
   *
   * @param maxBytes how many bytes the caller lets this hunk decode to
   * @throws IOException when the base85 or deflate data is corrupt or has the wrong size, or the
   *     declared size is negative or over {@code maxBytes}
   */
  static byte[] inflate(BinaryHunk hunk, long maxBytes) throws IOException {
    int size = hunk.getSize();
    if (size < 0 || size > maxBytes) {
      throw new IOException("the hunk declares " + size + " bytes, but at most " + maxBytes
          + " may be decoded");
    }
    byte[] buf = hunk.getBuffer();
    int dataStart = Bytes.nextLine(buf, hunk.getStartOffset(), hunk.getEndOffset());
    int dataEnd = hunk.getEndOffset();
    while (dataEnd > dataStart && buf[dataEnd - 1] == '\n' && buf[dataEnd - 2] == '\n') {
      dataEnd--; // The blank line that ends the hunk is not data.
    }
    try (InputStream in = new InflaterInputStream(new BinaryHunkInputStream(
        new ByteArrayInputStream(buf, dataStart, dataEnd - dataStart)))) {
      // readNBytes grows its buffers as data arrives, so it never holds more than the bound
      // (the declared size, plus one byte to notice more), however much the data inflates.
      byte[] data = in.readNBytes(size + 1);
      if (data.length != size) {
        throw new IOException("the hunk declares " + size + " bytes but holds " + data.length);
      }
      return data;
    }
  }

  /**
   * The size of the file a delta's instructions make, from their header: two base-128 numbers,
   * least significant group first, the base's size and then the result's.
   */
  static long resultSize(byte[] delta) throws IOException {
    int at = 0;
    while (at < delta.length && (delta[at] & 0x80) != 0) {
      at++; // The base's size, which only applying can check.
    }
    at++;
    long size = 0;
    for (int shift = 0; at < delta.length && shift < 63; shift += 7) {
      int b = delta[at++] & 0xff;
      size |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return size;
      }
    }
    throw new IOException("the delta's header is cut short");
  }

  /** The new contents: the literal itself, or the delta applied to {@code base}. */
  static byte[] apply(BinaryHunk hunk, byte[] base) throws IOException {
    byte[] data = inflate(hunk, MAX_DECODED_BYTES);
    if (hunk.getType() == BinaryHunk.Type.LITERAL_DEFLATED) {
      return data;
    }
    try (BinaryDeltaInputStream delta =
        new BinaryDeltaInputStream(base, new ByteArrayInputStream(data))) {
      long size = delta.getExpectedResultSize();
      if (size > MAX_DECODED_BYTES) {
        throw new IOException("the delta makes a file of " + size + " bytes, more than the "
            + MAX_DECODED_BYTES + " that binary data may decode to");
      }
      byte[] out = delta.readNBytes((int) size + 1);
      if (out.length != size || !delta.isFullyConsumed()) {
        throw new IOException("the delta promises " + size + " bytes but produced " + out.length);
      }
      return out;
    }
  }
}
