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
    String oldMode = oldMode(f, baseMode);
    Lines lines = Lines.of(f);
    FileChange change = new FileChange(position, f.status().name().toLowerCase(Locale.ROOT),
        Optional.ofNullable(f.oldPath()), Optional.ofNullable(f.newPath()),
        Optional.ofNullable(oldMode), Optional.ofNullable(newMode(f, oldMode)),
        Optional.ofNullable(oldBlob(f)), Optional.ofNullable(newBlob(f)), f.binary(),
        lines.added(), lines.removed());
    return new Entry(f.diffs().get(0), Optional.of(change), lines.oldLines(), lines.newLines());
  }

  /** The mode the first entry states, else (a pure rename) the base's. */
  private static String oldMode(AppliedFile f, Function<String, Optional<String>> baseMode) {
    return f.oldPath() == null ? null : Optional.ofNullable(f.diffs().get(0).oldMode())
        .or(() -> baseMode.apply(f.oldPath())).orElse(null);
  }

  /** The mode the last entry that states one gives the file, else the mode it had. */
  private static String newMode(AppliedFile f, String oldMode) {
    if (f.newPath() == null) {
      return null;
    }
    for (int i = f.diffs().size() - 1; i >= 0; i--) {
      if (f.diffs().get(i).newMode() != null) {
        return f.diffs().get(i).newMode();
      }
    }
    return oldMode;
  }

  private static String oldBlob(AppliedFile f) {
    return f.oldPath() == null ? null : Optional.ofNullable(f.diffs().get(0).oldId())
        .or(() -> blobId(f.original(), true)).orElse(null);
  }

  private static String newBlob(AppliedFile f) {
    return f.newPath() == null ? null : Optional.ofNullable(f.diffs().get(f.diffs().size() - 1)
        .newId()).or(() -> blobId(f.patched(), f.contentKnown())).orElse(null);
  }

  /**
   * A listed file's line counts: added and removed lines (the entry's own for a file one entry
   * changes; for a series, those of the rows a reviewer sees, base against end), and how many
   * lines each side has for comments (the file's own count when the contents are known, 0 on a
   * side it lacks, else the last line the hunks show). None for a binary file.
   */
  private record Lines(OptionalInt added, OptionalInt removed, Integer oldLines,
      Integer newLines) {
    static Lines of(AppliedFile f) {
      if (f.binary()) {
        return new Lines(OptionalInt.empty(), OptionalInt.empty(), null, null);
      }
      SideBySide rows = f.contentKnown() ? null : Diffs.sideBySideOfHunks(f.diffs());
      if (f.diffs().size() > 1 && rows == null) {
        rows = Diffs.sideBySide(f, RowOptions.DEFAULTS);
      }
      FileDiff only = f.diffs().get(0);
      boolean single = f.diffs().size() == 1;
      return new Lines(OptionalInt.of(single ? only.linesAdded() : rows.linesAdded()),
          OptionalInt.of(single ? only.linesRemoved() : rows.linesRemoved()),
          side(f, true, rows), side(f, false, rows));
    }

    private static int side(AppliedFile f, boolean old, SideBySide hunks) {
      if (f.contentKnown()) {
        return (old ? f.original() : f.patched()).map(Diffs::lineCount).orElse(0);
      }
      if (old ? f.oldPath() == null : f.newPath() == null) {
        return 0;
      }
      return old ? hunks.oldLineCount() : hunks.newLineCount();
    }
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
