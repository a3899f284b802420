package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.communal.diff.AppliedFile;
import org.communal.diff.FileSource;
import org.communal.diff.Interdiff;
import org.communal.diff.InterdiffFile;
import org.communal.diff.InterdiffFile.Method;
import org.communal.diff.Row;
import org.communal.diff.RowOptions;
import org.communal.diff.SideBySide;
import org.eclipse.jgit.diff.RawText;

/**
 * Interdiffs. Each file of revision A is paired with the file of revision B that has the same
 * path after the diff, else the same original path; a file only one revision touches is paired
 * with the other revision's base version of it (unchanged by that revision). Then A's change is
 * rebased onto B's base ({@link Rebase}) and compared with B's file.
 */
public final class InterdiffBuilder {
  /** One side of a pair: the file at that revision's base and after its diff. */
  private record Side(String path, byte[] base, byte[] patched, boolean known) {}

  private final Interdiff.Revision a;
  private final Interdiff.Revision b;
  private final RowOptions options;

  private InterdiffBuilder(Interdiff.Revision a, Interdiff.Revision b, RowOptions options) {
    this.a = a;
    this.b = b;
    this.options = options;
  }

  /** See {@link org.communal.diff.Diffs#interdiff}. */
  public static Interdiff build(Interdiff.Revision a, Interdiff.Revision b, RowOptions options) {
    return new InterdiffBuilder(a, b, options).run();
  }

  private Interdiff run() {
    List<AppliedFile> filesA = SeriesApplier.apply(a.diff(), a.base()).files();
    List<AppliedFile> filesB = new ArrayList<>(SeriesApplier.apply(b.diff(), b.base()).files());
    List<InterdiffFile> out = new ArrayList<>();
    for (AppliedFile fa : filesA) {
      AppliedFile fb = takePartner(fa, filesB);
      compare(side(fa), fb != null ? side(fb) : untouched(b.base(), fa)).ifPresent(out::add);
    }
    for (AppliedFile fb : filesB) {
      compare(untouched(a.base(), fb), side(fb)).ifPresent(out::add);
    }
    return new Interdiff(out);
  }

  private static AppliedFile takePartner(AppliedFile fa, List<AppliedFile> filesB) {
    AppliedFile match = filesB.stream().filter(fb -> fb.path().equals(fa.path())).findFirst()
        .orElseGet(() -> filesB.stream().filter(fb -> fa.oldPath() != null
            && fa.oldPath().equals(fb.oldPath())).findFirst().orElse(null));
    filesB.remove(match);
    return match;
  }

  private static Side side(AppliedFile f) {
    return new Side(f.newPath(), f.original().orElse(null), f.patched().orElse(null),
        f.contentKnown());
  }

  /** The other revision did not touch the file: it is as at that revision's base. */
  private static Side untouched(FileSource base, AppliedFile f) {
    String path = f.oldPath() != null ? f.oldPath() : f.newPath();
    byte[] content = Optional.ofNullable(base.read(path)).flatMap(o -> o).orElse(null);
    return new Side(content == null ? null : path, content, content, true);
  }

  private Optional<InterdiffFile> compare(Side sa, Side sb) {
    if (!sa.known() || !sb.known() || isBinary(sa) || isBinary(sb)) {
      return compareBytes(sa, sb);
    }
    Rebase.Result rebased = Rebase.of(sa.base(), sb.base(), sa.patched());
    if (rebased.clean()) {
      if (Arrays.equals(rebased.content(), sb.patched())) {
        return Optional.empty();
      }
      SideBySide view = RowBuilder.sideBySide(rebased.content(), sb.patched(), options);
      return Optional.of(new InterdiffFile(sa.path(), sb.path(), Method.REBASED, false, view));
    }
    return Optional.of(new InterdiffFile(sa.path(), sb.path(), Method.UPSTREAM_MARKED, false,
        markedView(sa, sb)));
  }

  private SideBySide markedView(Side sa, Side sb) {
    FileText patchedA = FileText.of(sa.patched());
    FileText patchedB = FileText.of(sb.patched());
    List<Row> rows = RowBuilder.rows(patchedA, patchedB,
        RowBuilder.edits(patchedA, patchedB, options.ignoreWhitespace()));
    rows = UpstreamMarks.mark(rows, FileText.of(sa.base()), FileText.of(sb.base()), patchedA,
        patchedB);
    return new SideBySide(rows, Sections.group(rows, options.context()), patchedA.encoding(),
        patchedB.encoding());
  }

  /**
   * Binary or unknown contents, which cannot be merged: listed unless both are known and A's
   * change, moved onto B's base where that needs no merge, gives B's file.
   */
  private static Optional<InterdiffFile> compareBytes(Side sa, Side sb) {
    boolean same;
    if (!sa.known() || !sb.known()) {
      same = false;
    } else if (Arrays.equals(sa.base(), sa.patched())) {
      same = Arrays.equals(sb.base(), sb.patched()); // A did not change it: B must not either.
    } else {
      same = Arrays.equals(sa.patched(), sb.patched());
    }
    boolean absent = sa.path() == null && sb.path() == null;
    return same || absent ? Optional.empty()
        : Optional.of(new InterdiffFile(sa.path(), sb.path(), Method.BYTES, true, null));
  }

  private static boolean isBinary(Side s) {
    return s.base() != null && RawText.isBinary(s.base())
        || s.patched() != null && RawText.isBinary(s.patched());
  }
}
