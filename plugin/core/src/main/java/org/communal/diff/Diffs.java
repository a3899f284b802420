package org.communal.diff;

import java.util.List;
import java.util.Objects;
import org.communal.diff.internal.HunkRows;
import org.communal.diff.internal.InterdiffBuilder;
import org.communal.diff.internal.PatchParser;
import org.communal.diff.internal.RowBuilder;
import org.communal.diff.internal.SeriesApplier;
import org.communal.diff.internal.SeriesHunkRows;

/**
 * The entry points: parse an upload, apply it to its base, show a file side by side, compare two
 * revisions. Stateless and thread-safe; every argument must be non-null unless said otherwise.
 */
public final class Diffs {
  private Diffs() {}

  /** {@link #parse(byte[], DiffLimits)} with {@link DiffLimits#DEFAULTS}. */
  public static ParsedDiff parse(byte[] raw) {
    return parse(raw, DiffLimits.DEFAULTS);
  }

  /**
   * Parses the output of {@code git diff} (with or without {@code --binary}, {@code -M},
   * {@code -C}) or of {@code git format-patch} (one or more mails). The input is not modified
   * and not kept: every {@link FileDiff} holds a copy of its own bytes.
   *
   * @throws DiffException {@value DiffException#TOO_BIG} when a limit is broken (every broken
   *     limit is listed), {@value DiffException#EMPTY} when there is nothing to parse,
   *     {@value DiffException#PARSE_ERROR} with every malformed place and its line,
   *     {@value DiffException#BAD_PATH} with every path git apply would refuse
   */
  public static ParsedDiff parse(byte[] raw, DiffLimits limits) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(limits, "limits");
    return PatchParser.parse(raw, limits);
  }

  /**
   * Applies every entry, in order, to the files of {@code base}, as {@code git apply} would
   * without options: no fuzz, hunks may apply at an offset. Entries of a series that touch the
   * same file compose into one {@link AppliedFile}. Binary files get their new contents only when
   * the diff carries {@code GIT binary patch} data; otherwise {@link AppliedFile#contentKnown()}
   * is false.
   *
   * @throws DiffException {@value DiffException#DOES_NOT_APPLY} listing every file and hunk that
   *     does not match the base
   */
  public static AppliedDiff apply(ParsedDiff diff, FileSource base) {
    Objects.requireNonNull(diff, "diff");
    Objects.requireNonNull(base, "base");
    return SeriesApplier.apply(diff, base);
  }

  /**
   * The files of a diff as {@link #apply} composes them (one per file however many entries of a
   * series touch it, with the status and paths that compare the base with the end), found from
   * the entries' statuses and paths alone, for when the base is not at hand. Nothing is read or
   * refused, so every file's {@link AppliedFile#contentKnown()} is false and its contents are
   * empty.
   */
  public static AppliedDiff files(ParsedDiff diff) {
    Objects.requireNonNull(diff, "diff");
    return SeriesApplier.files(diff);
  }

  /**
   * Side-by-side rows of two versions of a text file, with JGit's histogram diff.
   *
   * @param original the file before, or null when it did not exist
   * @param patched the file after, or null when it no longer exists
   */
  public static SideBySide sideBySide(byte[] original, byte[] patched, RowOptions options) {
    Objects.requireNonNull(options, "options");
    return RowBuilder.sideBySide(original, patched, options);
  }

  /**
   * Side-by-side rows of an applied file.
   *
   * @throws IllegalArgumentException if the file is binary or its contents are not known
   */
  public static SideBySide sideBySide(AppliedFile file, RowOptions options) {
    if (file.binary() || !file.contentKnown()) {
      throw new IllegalArgumentException(file.path() + " is binary; there are no rows to show;"
          + " check AppliedFile.binary() first");
    }
    return sideBySide(file.original().orElse(null), file.patched().orElse(null), options);
  }

  /**
   * Rows from a file's hunks alone, when the base is not at hand: only the lines the hunks show,
   * one chunk per hunk; the runs between hunks are collapsed and cannot be expanded. Binary
   * entries and entries without hunks give no rows.
   */
  public static SideBySide sideBySideOfHunks(FileDiff file) {
    return HunkRows.of(Objects.requireNonNull(file, "file"));
  }

  /**
   * Rows of one file from the hunks alone of the entries that change it, in order (as
   * {@link AppliedFile#diffs()} lists them): for one entry, {@link #sideBySideOfHunks(FileDiff)};
   * for a series, what all of them do to the file, base against end, as far as their hunks show
   * it. Binary entries give no rows.
   *
   * @throws DiffException {@value DiffException#DOES_NOT_APPLY} when a hunk does not fit what the
   *     entries before it left
   */
  public static SideBySide sideBySideOfHunks(List<FileDiff> entries) {
    if (entries.size() == 1) {
      return sideBySideOfHunks(entries.get(0));
    }
    if (entries.isEmpty() || entries.stream().anyMatch(FileDiff::binary)) {
      return new SideBySide(List.of(), List.of(), TextEncoding.UTF_8, TextEncoding.UTF_8);
    }
    return SeriesHunkRows.of(entries);
  }

  /**
   * How many lines git counts in {@code content}: its newlines, plus one for a last line that
   * has none. 0 for no bytes.
   */
  public static int lineCount(byte[] content) {
    return PatchParser.lineCount(Objects.requireNonNull(content, "content"));
  }

  /**
   * What changed from revision A to revision B of a change, leaving out what changed upstream
   * between their bases. Per file, A's change is rebased onto B's base by a three-way merge; if
   * that is clean the rows compare it with B's file ({@link InterdiffFile.Method#REBASED}),
   * otherwise they compare A's file with B's file and mark upstream rows
   * ({@link InterdiffFile.Method#UPSTREAM_MARKED}).
   *
   * @throws DiffException {@value DiffException#DOES_NOT_APPLY} when a revision does not apply to
   *     its base
   */
  public static Interdiff interdiff(Interdiff.Revision a, Interdiff.Revision b,
      RowOptions options) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(options, "options");
    return InterdiffBuilder.build(a, b, options);
  }
}
