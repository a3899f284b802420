package org.communal.diff.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.FileDiff.Payload;
import org.communal.diff.FileStatus;
import org.communal.diff.GitPath;
import org.communal.diff.Hunk;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.patch.BinaryHunk;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;

/** Turns one JGit {@link FileHeader} into a {@link FileDiff}, checking its hunks on the way. */
final class FileReader {
  // The lines git writes between "diff --git" and the first hunk.
  private static final List<String> HEADER_LINES = List.of("old mode ", "new mode ",
      "deleted file mode ", "new file mode ", "copy from ", "copy to ", "rename from ",
      "rename to ", "similarity index ", "dissimilarity index ", "index ", "--- ", "+++ ",
      "Binary files ", "GIT binary patch");

  private FileReader() {}

  /** The file's diff, or null with problems recorded in {@code ctx}. */
  static FileDiff read(ParseContext ctx, FileHeader fh, int limit) {
    try {
      return readChecked(ctx, fh, limit);
    } catch (RuntimeException e) {
      // JGit's accessors throw on some malformed headers; the upload is at fault, not the caller.
      ctx.problem(fh.getStartOffset(), null, 0, "cannot read the file header "
          + ctx.quoteLine(fh.getStartOffset()) + " (" + e + "); upload the diff as git wrote it");
      return null;
    }
  }

  private static FileDiff readChecked(ParseContext ctx, FileHeader fh, int limit) {
    String[] paths = paths(ctx, fh);
    String[] ids = IndexLine.ids(ctx, fh, headerEnd(ctx.raw, fh.getStartOffset(),
        fh.getEndOffset()));
    if (paths == null || ids == null) {
      return null;
    }
    String path = paths[1] != null ? paths[1] : paths[0];
    int before = ctx.problems.size();
    List<Hunk> hunks = new ArrayList<>();
    int end = readHunks(ctx, fh, path, limit, hunks);
    end = Math.max(end, checkBinary(ctx, fh, path));
    if (ctx.problems.size() == before) {
      checkSaysWhatChanges(ctx, fh, path); // Only when nothing more precise was found.
    }
    if (ctx.problems.size() > before) {
      return null;
    }
    return build(ctx, fh, paths, ids, hunks, end);
  }

  private static FileDiff build(ParseContext ctx, FileHeader fh, String[] paths, String[] ids,
      List<Hunk> hunks, int end) {
    ChangeType type = fh.getChangeType();
    boolean added = type == ChangeType.ADD;
    boolean deleted = type == ChangeType.DELETE;
    int addedLines = count(hunks, Hunk.LineKind.ADDED);
    int removedLines = count(hunks, Hunk.LineKind.REMOVED);
    boolean renameOrCopy = type == ChangeType.RENAME || type == ChangeType.COPY;
    return new FileDiff(status(type), paths[0], paths[1], added ? null : mode(fh.getOldMode()),
        deleted ? null : mode(fh.getNewMode()), added ? null : ids[0],
        deleted ? null : ids[1], renameOrCopy ? fh.getScore() : null, payload(fh),
        addedLines, removedLines, hunks, ctx.lineOf(fh.getStartOffset()),
        Arrays.copyOfRange(ctx.raw, fh.getStartOffset(), end));
  }

  private static int count(List<Hunk> hunks, Hunk.LineKind kind) {
    int n = 0;
    for (Hunk h : hunks) {
      for (Hunk.Line l : h.lines()) {
        n += l.kind() == kind ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * The old and new path (null on the side an added or deleted file lacks), or null with a
   * problem recorded when the header does not name the paths its change needs.
   */
  private static String[] paths(ParseContext ctx, FileHeader fh) {
    ChangeType type = fh.getChangeType();
    String oldPath = type == ChangeType.ADD ? null : path(ctx, fh, true);
    String newPath = type == ChangeType.DELETE ? null : path(ctx, fh, false);
    boolean oldOk = type == ChangeType.ADD || isPath(oldPath);
    boolean newOk = type == ChangeType.DELETE || isPath(newPath);
    if (oldOk && newOk) {
      return new String[] {oldPath, newPath};
    }
    ctx.problem(fh.getStartOffset(), null, 0, "the header " + ctx.quoteLine(fh.getStartOffset())
        + " and the lines below it do not name the " + (oldOk ? "new" : "old") + " path of the"
        + " file; git names both, as 'diff --git a/<path> b/<path>' and in '---' and '+++' lines");
    return null;
  }

  private static boolean isPath(String path) {
    return path != null && !path.isEmpty() && !path.equals(DiffEntry.DEV_NULL);
  }

  /** Reads every hunk; returns the end of the entry's bytes. */
  private static int readHunks(ParseContext ctx, FileHeader fh, String path, int limit,
      List<Hunk> out) {
    int end = headerEnd(ctx.raw, fh.getStartOffset(), fh.getEndOffset());
    List<? extends HunkHeader> headers = fh.getHunks();
    for (int i = 0; i < headers.size(); i++) {
      HunkHeader h = headers.get(i);
      int hunkLimit = i + 1 < headers.size() ? headers.get(i + 1).getStartOffset()
          : Math.min(limit, fh.getEndOffset());
      checkNoStrayHunkHeader(ctx, path, i + 1, end, h.getStartOffset());
      HunkReader.Result r = HunkReader.read(ctx, path, i + 1, fh.getStartOffset(),
          h.getStartOffset(), hunkLimit);
      if (r != null) {
        checkNothingMore(ctx, path, i + 1, r.end(), h.getEndOffset());
        checkOrder(ctx, path, out, r.hunk(), h.getStartOffset());
        out.add(r.hunk());
      }
      end = r != null ? r.end() : hunkLimit;
    }
    if (fh.getPatchType() != FileHeader.PatchType.GIT_BINARY) {
      checkNoStrayHunkHeader(ctx, path, headers.size() + 1, end,
          Math.min(limit, fh.getEndOffset()));
    }
    return end;
  }

  /** A line starting with "@@" that JGit did not take for a hunk header is a broken one. */
  private static void checkNoStrayHunkHeader(ParseContext ctx, String path, int number, int from,
      int to) {
    for (int at = from; at < to; at = Bytes.nextLine(ctx.raw, at, to)) {
      if (Bytes.startsWith(ctx.raw, at, to, "@@")) {
        ctx.problem(at, path, number, "hunk " + number + " of " + path + " has a malformed"
            + " header: " + ctx.describeLine(at) + "; it must read '@@ -start,count +start,count"
            + " @@' with decimal numbers");
        return;
      }
    }
  }

  /** JGit reads body-like lines past the header's counts; git would not, so say so. */
  private static void checkNothingMore(ParseContext ctx, String path, int number, int end,
      int jgitEnd) {
    if (end < jgitEnd && end < ctx.raw.length && "+- ".indexOf(ctx.raw[end]) >= 0
        && !Bytes.startsWith(ctx.raw, end, ctx.raw.length, "-- \n")) {
      ctx.problem(end, path, number, "hunk " + number + " of " + path + " has more lines than"
          + " its header's counts: " + ctx.describeLine(end) + " is one too many; correct the"
          + " counts in the header or remove the extra lines");
    }
  }

  private static void checkOrder(ParseContext ctx, String path, List<Hunk> previous, Hunk next,
      int offset) {
    if (previous.isEmpty()) {
      return;
    }
    Hunk last = previous.get(previous.size() - 1);
    if (next.oldStart() < last.oldStart() + last.oldCount()) {
      ctx.problem(offset, path, previous.size() + 1, "hunk " + (previous.size() + 1) + " of "
          + path + " starts at old line " + next.oldStart() + ", before the end of hunk "
          + previous.size() + " (old lines " + last.oldStart() + " to "
          + (last.oldStart() + last.oldCount() - 1) + "); hunks must be in order and not overlap");
    }
  }

  /** Decodes the binary hunks so that corrupt data fails now; returns their end. */
  private static int checkBinary(ParseContext ctx, FileHeader fh, String path) {
    int end = 0;
    for (BinaryHunk b : new BinaryHunk[] {fh.getForwardBinaryHunk(), fh.getReverseBinaryHunk()}) {
      if (b == null) {
        continue;
      }
      try {
        long declared = declaredSize(ctx, b, path);
        // A size that is no size is refused, never counted: a negative one would credit the budget.
        if (declared >= 0 && withinBudget(ctx, b, path, declared)) {
          byte[] data = BinaryData.inflate(b, declared);
          if (b.getType() == BinaryHunk.Type.DELTA_DEFLATED) {
            withinBudget(ctx, b, path, BinaryData.resultSize(data));
          }
        }
      } catch (IOException | RuntimeException e) {
        ctx.problem(b.getStartOffset(), path, 0, "the GIT binary patch data of " + path
            + " is corrupt (" + e.getMessage() + "); upload the diff as git wrote it, without"
            + " re-encoding or trimming lines");
      }
      end = Math.max(end, b.getEndOffset());
    }
    return end;
  }

  /**
   * The size the hunk's {@code literal N} or {@code delta N} line declares, read from the line
   * itself as a long (JGit reads it as an int, so a negative or wrapped number would pass), or -1
   * with a problem recorded when the line declares no decimal size.
   */
  private static long declaredSize(ParseContext ctx, BinaryHunk b, String path) {
    int at = b.getStartOffset();
    int eol = Bytes.nextLine(ctx.raw, at, b.getEndOffset());
    int stop = eol > at && ctx.raw[eol - 1] == '\n' ? eol - 1 : eol;
    String header = new String(ctx.raw, at, stop - at, StandardCharsets.US_ASCII);
    String number = header.substring(header.indexOf(' ') + 1);
    if (!number.isEmpty() && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Long.parseLong(number);
      } catch (NumberFormatException e) {
        return refuseSize(ctx, b, path, number + "' has more digits than any size of a file");
      }
    }
    return refuseSize(ctx, b, path, number + "' is not a decimal number of bytes");
  }

  private static long refuseSize(ParseContext ctx, BinaryHunk b, String path, String why) {
    ctx.problem(b.getStartOffset(), path, 0, "the binary hunk header of " + path + " at "
        + ctx.describeLine(b.getStartOffset()) + " does not declare a size: '" + why
        + "; upload the diff as git wrote it");
    return -1;
  }

  /** Counts {@code size} decoded bytes against the upload's limit; false once it is broken. */
  private static boolean withinBudget(ParseContext ctx, BinaryHunk b, String path, long size) {
    if (!ctx.tooBig.isEmpty()) {
      return false; // Reported once; nothing more is decoded.
    }
    ctx.binaryBytes += size;
    if (ctx.binaryBytes <= BinaryData.MAX_DECODED_BYTES) {
      return true;
    }
    ctx.tooBig.add(new DiffProblem("the GIT binary patch data of " + path + " decodes to " + size
        + " bytes, which brings the upload's binary data to " + ctx.binaryBytes + " bytes; the"
        + " limit is " + BinaryData.MAX_DECODED_BYTES + " bytes in all; leave big binary files"
        + " out of the diff (git diff without --binary) or split the change",
        ctx.lineOf(b.getStartOffset()), path, 0));
    return false;
  }

  /**
   * An entry without hunks must say what it changes, as git apply requires: binary data, a
   * "Binary files ... differ" line, or a change of name, mode or existence. Otherwise the text
   * after its header is not a diff (JGit takes such an entry for a binary file without data).
   */
  private static void checkSaysWhatChanges(ParseContext ctx, FileHeader fh, String path) {
    int start = fh.getStartOffset();
    int headerEnd = headerEnd(ctx.raw, start, fh.getEndOffset());
    if (!fh.getHunks().isEmpty() || fh.getPatchType() == FileHeader.PatchType.GIT_BINARY
        || hasBinaryFilesLine(ctx.raw, start, headerEnd) || changesNameOrMode(fh)) {
      return;
    }
    ctx.problem(headerEnd, path, 0, path + " (diff --git at line " + ctx.lineOf(start) + ") has"
        + " no hunk, no binary data and no change of name or mode: " + ctx.describeLine(headerEnd)
        + " is not part of a diff, and git apply refuses such an entry as garbage; upload the"
        + " output of git diff or git format-patch unchanged");
  }

  private static boolean hasBinaryFilesLine(byte[] raw, int start, int headerEnd) {
    for (int at = start; at < headerEnd; at = Bytes.nextLine(raw, at, headerEnd)) {
      int eol = Bytes.nextLine(raw, at, headerEnd);
      int stop = eol > at && raw[eol - 1] == '\n' ? eol - 1 : eol;
      if (Bytes.startsWith(raw, at, stop, "Binary files ")
          && Bytes.startsWith(raw, stop - " differ".length(), stop, " differ")) {
        return true;
      }
    }
    return false;
  }

  private static boolean changesNameOrMode(FileHeader fh) {
    return fh.getChangeType() != ChangeType.MODIFY
        || fh.getOldMode() != null && !fh.getOldMode().equals(fh.getNewMode());
  }

  /** The end of the extended header lines that follow {@code diff --git}. */
  static int headerEnd(byte[] raw, int start, int limit) {
    int at = Bytes.nextLine(raw, start, limit);
    while (at < limit && isHeaderLine(raw, at, limit)) {
      at = Bytes.nextLine(raw, at, limit);
    }
    return at;
  }

  private static boolean isHeaderLine(byte[] raw, int at, int limit) {
    for (String prefix : HEADER_LINES) {
      if (Bytes.startsWith(raw, at, limit, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String path(ParseContext ctx, FileHeader fh, boolean old) {
    int end = headerEnd(ctx.raw, fh.getStartOffset(), fh.getEndOffset());
    String path = HeaderPaths.find(ctx.raw, fh.getStartOffset(), end, old);
    if (path != null) {
      return path;
    }
    // JGit's reading, made a GitPath string too (one starting with a quote gets quoted).
    String jgit = old ? fh.getOldPath() : fh.getNewPath();
    return jgit == null || jgit.isEmpty() || jgit.equals(DiffEntry.DEV_NULL) ? jgit
        : GitPath.of(jgit.getBytes(StandardCharsets.UTF_8));
  }

  static String displayPath(FileHeader fh) {
    return fh.getChangeType() == ChangeType.DELETE ? fh.getOldPath() : fh.getNewPath();
  }

  private static FileStatus status(ChangeType type) {
    return switch (type) {
      case ADD -> FileStatus.ADDED;
      case DELETE -> FileStatus.DELETED;
      case MODIFY -> FileStatus.MODIFIED;
      case RENAME -> FileStatus.RENAMED;
      case COPY -> FileStatus.COPIED;
    };
  }

  private static Payload payload(FileHeader fh) {
    return switch (fh.getPatchType()) {
      case UNIFIED -> Payload.TEXT;
      case BINARY -> Payload.BINARY_WITHOUT_DATA;
      case GIT_BINARY -> Payload.BINARY_WITH_DATA;
    };
  }

  private static String mode(FileMode mode) {
    return mode == null || mode.getBits() == 0 ? null : Integer.toOctalString(mode.getBits());
  }
}
