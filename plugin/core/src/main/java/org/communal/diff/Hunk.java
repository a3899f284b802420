package org.communal.diff;

import java.util.List;
import java.util.Objects;

/**
 * One {@code @@ -a,b +c,d @@} hunk of a text file's patch.
 *
 * @param oldStart the first line of the original that the hunk covers (1-based; 0 when the
 *     original is empty or the hunk only inserts before line 1)
 * @param oldCount how many original lines the hunk covers: context and removed lines
 * @param newStart the first line of the patched file that the hunk covers, as for oldStart
 * @param newCount how many patched lines the hunk covers: context and added lines
 * @param section the text after the second {@code @@} (git's function name), empty if none
 * @param headerLine the 1-based line of the raw upload that holds the {@code @@} header
 * @param lines the body, in order
 */
public record Hunk(int oldStart, int oldCount, int newStart, int newCount, String section,
    int headerLine, List<Line> lines) {
  public Hunk {
    Objects.requireNonNull(section, "section");
    lines = List.copyOf(lines);
  }

  /** What one body line does. */
  public enum LineKind {
    CONTEXT,
    ADDED,
    REMOVED
  }

  /**
   * One body line.
   *
   * @param kind context, added or removed
   * @param text the line without its marker and line end ({@code \n} or {@code \r\n}), decoded as
   *     UTF-8, or as ISO-8859-1 if it is not valid UTF-8
   * @param noNewlineAtEnd true when a {@code \ No newline at end of file} marker follows: the line
   *     is the last of its side and has no line end
   * @param offset where the line's content (after the marker, {@code \r} included, {@code \n}
   *     excluded) starts in {@link FileDiff#patch()}
   * @param length the content's length in bytes
   */
  public record Line(LineKind kind, String text, boolean noNewlineAtEnd, int offset, int length) {
    public Line {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
    }
  }
}
