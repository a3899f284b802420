package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communal.diff.DiffException;
import org.communal.diff.DiffLimits;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.ParsedDiff;
import org.communal.diff.PatchMail;
import org.eclipse.jgit.patch.CombinedFileHeader;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;

/**
 * Parses an upload with JGit's {@link Patch}, then checks what JGit lets through: hunk bodies
 * against their counts, binary data, headers JGit skipped without a word.
 */
public final class PatchParser {
  private PatchParser() {}

  /** See {@link org.communal.diff.Diffs#parse(byte[], DiffLimits)}. */
  public static ParsedDiff parse(byte[] raw, DiffLimits limits) {
    checkLimits(raw, limits);
    if (isBlank(raw)) {
      throw DiffException.of(DiffException.EMPTY, DiffProblem.general("the upload is empty;"
          + " upload the output of git diff or git format-patch"));
    }
    ParseContext ctx = new ParseContext(raw, LineIndex.of(raw));
    checkNotConvertedToCrlf(ctx);
    List<MailReader.Mail> mails = MailReader.read(raw);
    Patch patch = jgitParse(ctx, mails);
    List<FileDiff> files = readFiles(ctx, patch, mails);
    if (!ctx.tooBig.isEmpty()) {
      throw new DiffException(DiffException.TOO_BIG, ctx.tooBig);
    }
    if (!ctx.problems.isEmpty()) {
      ctx.problems.sort(Comparator.comparingInt(DiffProblem::line));
      throw new DiffException(DiffException.PARSE_ERROR, ctx.problems);
    }
    List<DiffProblem> badPaths = PathRules.check(files);
    if (!badPaths.isEmpty()) {
      throw new DiffException(DiffException.BAD_PATH, badPaths);
    }
    if (files.isEmpty()) {
      throw DiffException.of(DiffException.EMPTY, DiffProblem.general("no file changes found in"
          + " the " + ctx.lines.lineCount() + " lines of the upload: no line starts with"
          + " 'diff --git'; upload the output of git diff or git format-patch"));
    }
    return new ParsedDiff(files, toMails(mails, patch, files));
  }

  /**
   * Parses the whole upload, or each mail's diff part on its own, so that the text of one mail
   * is never read as the hunks of the previous mail's last file.
   */
  private static Patch jgitParse(ParseContext ctx, List<MailReader.Mail> mails) {
    Patch patch = new Patch();
    if (mails.isEmpty()) {
      parseSections(ctx, patch, 0, ctx.raw.length);
    } else {
      mails.forEach(m -> parseSections(ctx, patch, m.diffStart(), m.end()));
    }
    return patch;
  }

  /**
   * Parses {@code [from, to)} one file header at a time. JGit throws on some malformed headers
   * (an index line with a bad id); in a section of its own, such a failure is reported at its
   * file's line and the other files are still checked.
   */
  private static void parseSections(ParseContext ctx, Patch patch, int from, int to) {
    int start = from;
    for (int at = from; at < to; at = Bytes.nextLine(ctx.raw, at, to)) {
      if (at > start && isFileHeader(ctx.raw, at, to)) {
        parseSection(ctx, patch, start, at);
        start = at;
      }
    }
    parseSection(ctx, patch, start, to);
  }

  private static void parseSection(ParseContext ctx, Patch patch, int from, int to) {
    try {
      patch.parse(ctx.raw, from, to);
    } catch (RuntimeException e) {
      ctx.brokenHeaders.add(from);
      if (IndexLine.reportIfMalformed(ctx, from, to)) {
        return;
      }
      String reason = String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", "");
      ctx.problem(from, null, 0, "cannot read the file header " + ctx.quoteLine(from) + " ("
          + reason + "); upload the diff as git wrote it");
    }
  }

  private static boolean isFileHeader(byte[] raw, int at, int end) {
    return raw[at] == 'd' && (Bytes.startsWith(raw, at, end, "diff --git ")
        || Bytes.startsWith(raw, at, end, "diff --cc ")
        || Bytes.startsWith(raw, at, end, "diff --combined "));
  }

  /**
   * Git ends header lines with LF alone; a header that ends in CR LF means the whole upload was
   * converted to Windows line ends, which changes every content line too.
   */
  private static void checkNotConvertedToCrlf(ParseContext ctx) {
    byte[] raw = ctx.raw;
    for (int at = 0; at < raw.length; at = Bytes.nextLine(raw, at, raw.length)) {
      if (isFileHeader(raw, at, raw.length)) {
        int eol = Bytes.nextLine(raw, at, raw.length);
        if (eol - at >= 2 && raw[eol - 1] == '\n' && raw[eol - 2] == '\r') {
          ctx.problem(at, null, 0, "the header " + ctx.quoteLine(at) + " ends in CR LF: the"
              + " upload was converted to Windows line ends after git wrote it, which changes"
              + " every line; upload git's output unchanged");
          throw new DiffException(DiffException.PARSE_ERROR, ctx.problems);
        }
        return;
      }
    }
  }

  private static List<FileDiff> readFiles(ParseContext ctx, Patch patch,
      List<MailReader.Mail> mails) {
    reportJgitErrors(ctx, patch);
    reportSkippedHeaders(ctx, patch, mails);
    List<FileDiff> files = new ArrayList<>(patch.getFiles().size());
    for (FileHeader fh : patch.getFiles()) {
      if (fh instanceof CombinedFileHeader) {
        ctx.problem(fh.getStartOffset(), FileReader.displayPath(fh), 0, "combined diffs of"
            + " merge commits are not supported; upload a diff against one parent");
        continue;
      }
      FileDiff file = FileReader.read(ctx, fh, mailEnd(mails, fh.getStartOffset(), ctx.raw));
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  /**
   * JGit's errors that are not about hunk bodies (those {@link HunkReader} reports more
   * precisely). JGit's warnings are left out: they are about junk that git apply ignores too.
   */
  private static void reportJgitErrors(ParseContext ctx, Patch patch) {
    Set<Integer> hunkStarts = new HashSet<>();
    for (FileHeader fh : patch.getFiles()) {
      for (HunkHeader h : fh.getHunks()) {
        hunkStarts.add(h.getStartOffset());
      }
    }
    for (FormatError e : patch.getErrors()) {
      if (e.getSeverity() == FormatError.Severity.ERROR && !hunkStarts.contains(e.getOffset())) {
        ctx.problem(e.getOffset(), null, 0, e.getMessage() + " at " + ctx.describeLine(
            e.getOffset()) + "; upload the diff as git wrote it, with every hunk under its"
            + " 'diff --git' header");
      }
    }
  }

  /** A {@code diff --git} line whose paths JGit cannot read is skipped by JGit silently. */
  private static void reportSkippedHeaders(ParseContext ctx, Patch patch,
      List<MailReader.Mail> mails) {
    Set<Integer> parsed = new HashSet<>();
    patch.getFiles().forEach(fh -> parsed.add(fh.getStartOffset()));
    byte[] raw = ctx.raw;
    for (int at = 0; at < raw.length; at = Bytes.nextLine(raw, at, raw.length)) {
      if (raw[at] == 'd' && Bytes.startsWith(raw, at, raw.length, "diff --git ")
          && !parsed.contains(at) && !ctx.brokenHeaders.contains(at) && inDiffPart(mails, at)) {
        ctx.problem(at, null, 0, "cannot read the two paths of " + ctx.quoteLine(at)
            + "; git writes 'diff --git a/<path> b/<path>', quoting paths with special"
            + " characters in double quotes");
      }
    }
  }

  private static boolean inDiffPart(List<MailReader.Mail> mails, int offset) {
    return mails.isEmpty()
        || mails.stream().anyMatch(m -> offset >= m.diffStart() && offset < m.end());
  }

  private static int mailEnd(List<MailReader.Mail> mails, int offset, byte[] raw) {
    return mails.stream().filter(m -> offset >= m.start() && offset < m.end())
        .mapToInt(MailReader.Mail::end).findFirst().orElse(raw.length);
  }

  private static List<PatchMail> toMails(List<MailReader.Mail> mails, Patch patch,
      List<FileDiff> files) {
    List<PatchMail> out = new ArrayList<>(mails.size());
    int next = 0;
    for (MailReader.Mail m : mails) {
      int count = (int) patch.getFiles().stream()
          .filter(fh -> fh.getStartOffset() >= m.start() && fh.getStartOffset() < m.end()).count();
      out.add(new PatchMail(m.commitId(), m.author(), m.date(), m.subject(), m.body(),
          files.subList(next, next + count)));
      next += count;
    }
    return out;
  }

  private static void checkLimits(byte[] raw, DiffLimits limits) {
    List<DiffProblem> problems = new ArrayList<>();
    if (raw.length > limits.maxBytes()) {
      problems.add(DiffProblem.general("the upload has " + raw.length + " bytes; the limit is "
          + limits.maxBytes() + " bytes; split the change into smaller ones"));
    }
    int lines = lineCount(raw);
    if (lines > limits.maxLines()) {
      problems.add(DiffProblem.general("the upload has " + lines + " lines; the"
          + " limit is " + limits.maxLines() + " lines; split the change or use less context"));
    }
    int files = countFileHeaders(raw);
    if (files > limits.maxFiles()) {
      problems.add(DiffProblem.general("the upload changes " + files + " files; the limit is "
          + limits.maxFiles() + " files; split the change into smaller ones"));
    }
    if (!problems.isEmpty()) {
      throw new DiffException(DiffException.TOO_BIG, problems);
    }
  }

  /** See {@link org.communal.diff.Diffs#lineCount(byte[])}. */
  public static int lineCount(byte[] raw) {
    int n = 0;
    for (byte b : raw) {
      n += b == '\n' ? 1 : 0;
    }
    return raw.length > 0 && raw[raw.length - 1] != '\n' ? n + 1 : n;
  }

  private static int countFileHeaders(byte[] raw) {
    int n = 0;
    for (int at = 0; at < raw.length; at = Bytes.nextLine(raw, at, raw.length)) {
      n += raw[at] == 'd' && Bytes.startsWith(raw, at, raw.length, "diff --") ? 1 : 0;
    }
    return n;
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
