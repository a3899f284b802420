package org.communal.diff.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.communal.diff.FileDiff;
import org.communal.diff.FileDiff.Payload;
import org.communal.diff.FileStatus;
import org.communal.diff.Hunk;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
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
    String path = displayPath(fh);
    int before = ctx.problems.size();
    List<Hunk> hunks = new ArrayList<>();
    int end = readHunks(ctx, fh, path, limit, hunks);
    end = Math.max(end, checkBinary(ctx, fh, path));
    if (ctx.problems.size() > before) {
      return null;
    }
    return build(ctx, fh, hunks, end);
  }

  private static FileDiff build(ParseContext ctx, FileHeader fh, List<Hunk> hunks, int end) {
    ChangeType type = fh.getChangeType();
    boolean added = type == ChangeType.ADD;
    boolean deleted = type == ChangeType.DELETE;
    int addedLines = 0;
    int removedLines = 0;
    for (Hunk h : hunks) {
      for (Hunk.Line l : h.lines()) {
        addedLines += l.kind() == Hunk.LineKind.ADDED ? 1 : 0;
        removedLines += l.kind() == Hunk.LineKind.REMOVED ? 1 : 0;
      }
    }
    boolean renameOrCopy = type == ChangeType.RENAME || type == ChangeType.COPY;
    return new FileDiff(status(type), added ? null : path(ctx, fh, true),
        deleted ? null : path(ctx, fh, false), added ? null : mode(fh.getOldMode()),
        deleted ? null : mode(fh.getNewMode()), added ? null : id(fh.getOldId()),
        deleted ? null : id(fh.getNewId()), renameOrCopy ? fh.getScore() : null, payload(fh),
        addedLines, removedLines, hunks, ctx.lineOf(fh.getStartOffset()),
        Arrays.copyOfRange(ctx.raw, fh.getStartOffset(), end));
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
        BinaryData.inflate(b);
      } catch (IOException | RuntimeException e) {
        ctx.problem(b.getStartOffset(), path, 0, "the GIT binary patch data of " + path
            + " is corrupt (" + e.getMessage() + "); upload the diff as git wrote it, without"
            + " re-encoding or trimming lines");
      }
      end = Math.max(end, b.getEndOffset());
    }
    return end;
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
    String quoted = QuotedPaths.find(ctx.raw, fh, end, old);
    return quoted != null ? quoted : old ? fh.getOldPath() : fh.getNewPath();
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

  private static String id(AbbreviatedObjectId id) {
    return id == null ? null : id.name();
  }
}
