package org.communal.core.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.communal.core.FileChange;
import org.communal.diff.AppliedDiff;
import org.communal.diff.AppliedFile;
import org.communal.diff.Diffs;
import org.communal.diff.FileDiff;
import org.communal.diff.Hunk;
import org.communal.diff.ParsedDiff;
import org.communal.diff.RowOptions;
import org.communal.diff.SideBySide;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * How an upload's files are listed: one file per path however many entries of a series change
 * it, on the row of its first entry, with what the whole series does to it. Not API.
 */
public final class FileListing {
  /**
   * What to store for one entry of an upload.
   *
   * @param diff the entry
   * @param listed the file it starts, on the first entry of each file; empty on later entries
   * @param oldLines lines of the listed file's old side (see {@link #sideLines}), or null
   * @param newLines lines of its new side, or null
   */
  public record Entry(FileDiff diff, Optional<FileChange> listed, Integer oldLines,
      Integer newLines) {}

  private FileListing() {}

  /**
   * Lists an upload.
   *
   * @param applied the upload applied to its base, when the repository is known
   * @param baseMode a path's mode at the base, for entries that do not state it
   */
  public static List<Entry> of(ParsedDiff diff, Optional<AppliedDiff> applied,
      Function<String, Optional<String>> baseMode) {
    Map<FileDiff, AppliedFile> firsts = new IdentityHashMap<>();
    for (AppliedFile f : applied.orElseGet(() -> Diffs.files(diff)).files()) {
      firsts.put(f.diffs().get(0), f);
    }
    List<Entry> out = new ArrayList<>(diff.files().size());
    for (int i = 0; i < diff.files().size(); i++) {
      FileDiff d = diff.files().get(i);
      AppliedFile file = firsts.get(d);
      out.add(file == null ? new Entry(d, Optional.empty(), null, null)
          : listed(i, file, baseMode));
    }
    return out;
  }

  /** The listed files, in upload order. */
  public static List<FileChange> files(List<Entry> entries) {
    return entries.stream().flatMap(e -> e.listed().stream()).toList();
  }

  private static Entry listed(int position, AppliedFile f, Function<String,
      Optional<String>> baseMode) {
    FileDiff first = f.diffs().get(0);
    FileDiff last = f.diffs().get(f.diffs().size() - 1);
    String oldMode = f.oldPath() == null ? null
        : Optional.ofNullable(first.oldMode()).or(() -> baseMode.apply(f.oldPath())).orElse(null);
    String newMode = f.newPath() == null ? null : lastNewMode(f).orElse(oldMode);
    String oldBlob = f.oldPath() == null ? null
        : Optional.ofNullable(first.oldId()).or(() -> blobId(f.original(), true)).orElse(null);
    String newBlob = f.newPath() == null ? null : Optional.ofNullable(last.newId())
        .or(() -> blobId(f.patched(), f.contentKnown())).orElse(null);
    int[] counts = f.binary() ? null : counts(f);
    FileChange change = new FileChange(position, f.status().name().toLowerCase(Locale.ROOT),
        Optional.ofNullable(f.oldPath()), Optional.ofNullable(f.newPath()),
        Optional.ofNullable(oldMode), Optional.ofNullable(newMode), Optional.ofNullable(oldBlob),
        Optional.ofNullable(newBlob), f.binary(),
        counts == null ? OptionalInt.empty() : OptionalInt.of(counts[0]),
        counts == null ? OptionalInt.empty() : OptionalInt.of(counts[1]));
    return new Entry(first, Optional.of(change), sideLines(f, true), sideLines(f, false));
  }

  /** The mode the last entry that states one gives the file. */
  private static Optional<String> lastNewMode(AppliedFile f) {
    for (int i = f.diffs().size() - 1; i >= 0; i--) {
      if (f.diffs().get(i).newMode() != null) {
        return Optional.of(f.diffs().get(i).newMode());
      }
    }
    return Optional.empty();
  }

  /**
   * Added and removed lines: the entry's own for a file one entry changes; for a file a series
   * changes several times, those of its rows, base against end, when the contents are known.
   */
  private static int[] counts(AppliedFile f) {
    if (f.diffs().size() > 1 && f.contentKnown()) {
      SideBySide rows = Diffs.sideBySide(f, RowOptions.DEFAULTS);
      return new int[] {rows.linesAdded(), rows.linesRemoved()};
    }
    int added = 0;
    int removed = 0;
    for (FileDiff d : f.diffs()) {
      added += d.linesAdded();
      removed += d.linesRemoved();
    }
    return new int[] {added, removed};
  }

  /**
   * How many lines a side has, for checking where comments may sit: the file's own count when
   * its contents are known (0 for the side it lacks), else the last line its hunks show; null
   * for a binary file.
   */
  static Integer sideLines(AppliedFile f, boolean old) {
    if (f.binary()) {
      return null;
    }
    if (f.contentKnown()) {
      return (old ? f.original() : f.patched()).map(FileListing::lineCount).orElse(0);
    }
    if (old ? f.oldPath() == null : f.newPath() == null) {
      return 0;
    }
    int last = 0;
    for (Hunk h : f.diffs().get(old ? 0 : f.diffs().size() - 1).hunks()) {
      last = Math.max(last, old ? h.oldStart() + h.oldCount() - 1 : h.newStart() + h.newCount()
          - 1);
    }
    return last;
  }

  private static int lineCount(byte[] content) {
    int n = 0;
    for (byte b : content) {
      n += b == '\n' ? 1 : 0;
    }
    return content.length > 0 && content[content.length - 1] != '\n' ? n + 1 : n;
  }

  /** The full id git gives a blob with these contents, when they are known. */
  private static Optional<String> blobId(Optional<byte[]> content, boolean known) {
    if (!known || content.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
      return Optional.of(f.idFor(Constants.OBJ_BLOB, content.get()).name());
    }
  }
}
