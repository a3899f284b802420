package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communal.diff.DiffProblem;

/** The raw upload being parsed, its line index, and the problems found so far. */
final class ParseContext {
  final byte[] raw;
  final LineIndex lines;
  final List<DiffProblem> problems = new ArrayList<>();
  /** Where file headers start that JGit threw on; they are reported once, there. */
  final Set<Integer> brokenHeaders = new HashSet<>();
  /** Broken size limits found while parsing (binary data too big to decode). */
  final List<DiffProblem> tooBig = new ArrayList<>();
  /** The bytes that the binary data decoded so far declares. */
  long binaryBytes;

  ParseContext(byte[] raw, LineIndex lines) {
    this.raw = raw;
    this.lines = lines;
  }

  /** The 1-based line of {@code offset}. */
  int lineOf(int offset) {
    return lines.lineOf(offset);
  }

  /** Records a problem at the line holding {@code offset}. */
  void problem(int offset, String path, int hunk, String message) {
    problems.add(new DiffProblem(message, lineOf(offset), path, hunk));
  }

  /** The line at {@code offset} in quotes, for a message about that line itself. */
  String quoteLine(int offset) {
    return "'" + Bytes.lineForMessage(raw, offset, raw.length) + "'";
  }

  /** "line 12 ('text')" or "the end of the upload", for messages. */
  String describeLine(int offset) {
    if (offset >= raw.length) {
      return "the end of the upload";
    }
    return "line " + lineOf(offset) + " ('" + Bytes.lineForMessage(raw, offset, raw.length) + "')";
  }
}
