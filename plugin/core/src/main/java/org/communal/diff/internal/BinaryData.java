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
  private BinaryData() {}

  /**
   * The inflated payload of a binary hunk: the file itself for a literal, the delta instructions
   * for a delta.
   *
   * @throws IOException when the base85 or deflate data is corrupt or has the wrong size
   */
  static byte[] inflate(BinaryHunk hunk) throws IOException {
    byte[] buf = hunk.getBuffer();
    int dataStart = Bytes.nextLine(buf, hunk.getStartOffset(), hunk.getEndOffset());
    int dataEnd = hunk.getEndOffset();
    while (dataEnd > dataStart && buf[dataEnd - 1] == '\n' && buf[dataEnd - 2] == '\n') {
      dataEnd--; // The blank line that ends the hunk is not data.
    }
    try (InputStream in = new InflaterInputStream(new BinaryHunkInputStream(
        new ByteArrayInputStream(buf, dataStart, dataEnd - dataStart)))) {
      byte[] data = in.readAllBytes();
      if (data.length != hunk.getSize()) {
        throw new IOException("the hunk declares " + hunk.getSize() + " bytes but holds "
            + data.length);
      }
      return data;
    }
  }

  /** The new contents: the literal itself, or the delta applied to {@code base}. */
  static byte[] apply(BinaryHunk hunk, byte[] base) throws IOException {
    byte[] data = inflate(hunk);
    if (hunk.getType() == BinaryHunk.Type.LITERAL_DEFLATED) {
      return data;
    }
    try (BinaryDeltaInputStream delta =
        new BinaryDeltaInputStream(base, new ByteArrayInputStream(data))) {
      long size = delta.getExpectedResultSize();
      byte[] out = delta.readAllBytes();
      if (out.length != size || !delta.isFullyConsumed()) {
        throw new IOException("the delta promises " + size + " bytes but produced " + out.length);
      }
      return out;
    }
  }
}
