package org.communal.diff.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.diff.AppliedDiff;
import org.communal.diff.AppliedFile;
import org.communal.diff.DiffException;
import org.communal.diff.DiffProblem;
import org.communal.diff.FileDiff;
import org.communal.diff.FileSource;
import org.communal.diff.FileStatus;
import org.communal.diff.ParsedDiff;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.Patch;

/**
 * Applies every entry of a parsed diff in order to a working tree that starts as the base, so
 * that a series touching one file several times composes into one {@link AppliedFile}.
 */
public final class SeriesApplier {
  /** One file as the series goes: where it came from, what it holds now. */
  private static final class Entry {
    final String origin;
    final List<FileDiff> diffs = new ArrayList<>();
    String path;
    byte[] content;
    boolean known = true;
    boolean deleted;
    boolean copied;
    boolean failed;

    Entry(String origin, String path, byte[] content) {
      this.origin = origin;
      this.path = path;
      this.content = content;
    }
  }

  private final FileSource base;
  /** False to follow the files by their paths alone: every changed path exists at the base. */
  private final boolean readContents;
  private final Map<String, Optional<byte[]>> baseCache = new HashMap<>();
  private final Map<String, Entry> live = new LinkedHashMap<>();
  private final Set<String> vacated = new HashSet<>();
  private final List<Entry> order = new ArrayList<>();
  private final List<DiffProblem> problems = new ArrayList<>();

  private SeriesApplier(FileSource base, boolean readContents) {
    this.base = base;
    this.readContents = readContents;
  }

  /** See {@link org.communal.diff.Diffs#apply(ParsedDiff, FileSource)}. */
  public static AppliedDiff apply(ParsedDiff diff, FileSource base) {
    SeriesApplier applier = new SeriesApplier(base, true);
    diff.files().forEach(applier::step);
    if (!applier.problems.isEmpty()) {
      throw new DiffException(DiffException.DOES_NOT_APPLY, applier.problems);
    }
    return new AppliedDiff(applier.results());
  }

  /**
   * See {@link org.communal.diff.Diffs#files(ParsedDiff)}: the same composition, by paths alone.
   * A path the diff changes, deletes, renames or copies is taken to exist at the base, and one it
   * adds not to, so nothing is refused; contents are neither read nor patched.
   */
  public static AppliedDiff files(ParsedDiff diff) {
    SeriesApplier follower = new SeriesApplier(FileSource.empty(), false);
    diff.files().forEach(follower::step);
    return new AppliedDiff(follower.results());
  }

  private void step(FileDiff d) {
    switch (d.status()) {
      case ADDED -> add(d);
      case DELETED -> delete(d);
      case MODIFIED -> change(d, take(d, d.oldPath()));
      case RENAMED -> rename(d);
      case COPIED -> copy(d);
    }
  }

  private void add(FileDiff d) {
    if (existsNow(d.newPath())) {
      fail(d, d.newPath() + " already exists in the base, but the diff adds it; make the diff"
          + " against the base commit");
      return;
    }
    Entry e = order.stream().filter(x -> x.deleted && d.newPath().equals(x.path)).findFirst()
        .orElseGet(() -> track(new Entry(null, d.newPath(), null)));
    e.deleted = false;
    live.put(d.newPath(), e);
    e.content = new byte[0];
    e.known = true;
    change(d, e);
  }

  private void delete(FileDiff d) {
    Entry e = take(d, d.oldPath());
    change(d, e);
    if (e != null && readContents && !e.failed && e.known && e.content.length > 0) {
      fail(d, "deleting " + d.oldPath() + " leaves " + e.content.length + " bytes that the diff"
          + " does not remove; the base file has more lines than the diff deletes");
    }
    if (e != null) {
      live.remove(e.path);
      vacated.add(e.path);
      e.deleted = true;
    }
  }

  private void rename(FileDiff d) {
    Entry e = take(d, d.oldPath());
    if (e == null || refuseExisting(d)) {
      return;
    }
    live.remove(e.path);
    vacated.add(e.path);
    e.path = d.newPath();
    live.put(e.path, e);
    change(d, e);
  }

  private void copy(FileDiff d) {
    Entry source = take(d, d.oldPath());
    if (source == null || refuseExisting(d)) {
      return;
    }
    Entry e = track(new Entry(source.origin, d.newPath(), source.content));
    e.known = source.known;
    e.copied = source.origin != null;
    live.put(e.path, e);
    change(d, e);
  }

  private boolean refuseExisting(FileDiff d) {
    if (existsNow(d.newPath())) {
      fail(d, d.newPath() + " already exists in the base, but the diff " + (d.status()
          == FileStatus.COPIED ? "copies " : "renames ") + d.oldPath() + " to it; make the diff"
          + " against the base commit");
      return true;
    }
    return false;
  }

  /** The file at {@code path} now, loading it from the base on first use; null if absent. */
  private Entry take(FileDiff d, String path) {
    Entry e = live.get(path);
    if (e == null && !vacated.contains(path)) {
      byte[] content = readContents ? readBase(path).orElse(null) : new byte[0];
      if (content != null) {
        e = track(new Entry(path, path, content));
        live.put(path, e);
      }
    }
    if (e == null) {
      fail(d, path + " does not exist in the base, but the diff " + verb(d) + " it; make the"
          + " diff against the base commit");
    }
    return e;
  }

  private static String verb(FileDiff d) {
    return switch (d.status()) {
      case DELETED -> "deletes";
      case RENAMED -> "renames";
      case COPIED -> "copies";
      default -> "changes";
    };
  }

  private Entry track(Entry e) {
    order.add(e);
    return e;
  }

  private boolean existsNow(String path) {
    return live.containsKey(path)
        || readContents && !vacated.contains(path) && readBase(path).isPresent();
  }

  private Optional<byte[]> readBase(String path) {
    return baseCache.computeIfAbsent(path, p -> {
      Optional<byte[]> content = base.read(p);
      return content == null ? Optional.empty() : content;
    });
  }

  /** Applies {@code d}'s content change to {@code e}, if it is still applicable. */
  private void change(FileDiff d, Entry e) {
    if (e == null) {
      return;
    }
    e.diffs.add(d);
    if (e.failed || !e.known || !readContents) {
      return;
    }
    switch (d.payload()) {
      case TEXT -> e.content = patchText(d, e);
      case BINARY_WITHOUT_DATA -> unknownBinary(d, e);
      case BINARY_WITH_DATA -> e.content = patchBinary(d, e);
    }
    e.failed = e.content == null;
  }

  /** Without data, only a deletion has a known result. */
  private static void unknownBinary(FileDiff d, Entry e) {
    if (d.status() == FileStatus.DELETED) {
      e.content = new byte[0];
    } else {
      e.known = false;
    }
  }

  private byte[] patchText(FileDiff d, Entry e) {
    return d.hunks().isEmpty() ? e.content : TextPatcher.apply(d, e.content, problems);
  }

  private byte[] patchBinary(FileDiff d, Entry e) {
    try {
      checkId(d, e.content, d.oldId(), "base");
      FileHeader fh = reparse(d);
      byte[] result = d.status() == FileStatus.DELETED ? new byte[0]
          : BinaryData.apply(fh.getForwardBinaryHunk(), e.content);
      if (d.status() != FileStatus.DELETED) {
        checkId(d, result, d.newId(), "result");
      }
      return result;
    } catch (IOException ex) {
      fail(d, "the binary patch of " + d.path() + " does not apply: " + ex.getMessage()
          + "; the diff was made against a different version of the file: make it against the"
          + " base commit");
      return null;
    }
  }

  /** Git writes full blob ids for binary patches; a mismatch means another base. */
  private static void checkId(FileDiff d, byte[] content, String id, String which)
      throws IOException {
    if (id == null || id.length() != Constants.OBJECT_ID_STRING_LENGTH) {
      return;
    }
    ObjectId actual;
    try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
      actual = f.idFor(Constants.OBJ_BLOB, content);
    }
    if (!actual.name().equals(id)) {
      throw new IOException("the " + which + " has blob id " + actual.name() + " but the diff's"
          + " index line says " + id);
    }
  }

  private static FileHeader reparse(FileDiff d) {
    byte[] patch = d.patch();
    Patch p = new Patch();
    p.parse(patch, 0, patch.length);
    return p.getFiles().get(0);
  }

  private void fail(FileDiff d, String message) {
    problems.add(new DiffProblem(message, d.firstLine(), d.path(), 0));
  }

  private List<AppliedFile> results() {
    List<AppliedFile> out = new ArrayList<>(order.size());
    for (Entry e : order) {
      if (e.diffs.isEmpty() || e.deleted && e.origin == null) {
        continue; // Only a copy's source, or added and deleted again: nothing to show.
      }
      if (!readContents) {
        out.add(new AppliedFile(status(e), e.origin, e.deleted ? null : e.path, e.diffs, null,
            null, false));
        continue;
      }
      out.add(new AppliedFile(status(e), e.origin, e.deleted ? null : e.path, e.diffs,
          e.origin == null ? null : readBase(e.origin).orElseThrow(),
          e.deleted || !e.known ? null : e.content, e.deleted || e.known));
    }
    return out;
  }

  private static FileStatus status(Entry e) {
    if (e.deleted) {
      return FileStatus.DELETED;
    }
    if (e.origin == null) {
      return FileStatus.ADDED;
    }
    if (e.copied) {
      return FileStatus.COPIED;
    }
    return e.origin.equals(e.path) ? FileStatus.MODIFIED : FileStatus.RENAMED;
  }
}
