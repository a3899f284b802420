package org.communal.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.core.internal.DiffStore;
import org.communal.core.internal.Drafts;
import org.communal.core.internal.FileListing;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.ReviewRequestRows;
import org.communal.core.internal.RevisionContents;
import org.communal.diff.AppliedFile;
import org.communal.diff.DiffLimits;
import org.communal.diff.Diffs;
import org.communal.diff.FileDiff;
import org.communal.diff.Interdiff;
import org.communal.diff.ParsedDiff;
import org.communal.diff.Row;
import org.communal.diff.RowOptions;
import org.communal.diff.SideBySide;
import org.communal.repos.RepositoryMirrors;
import org.jdbi.v3.core.Jdbi;

/**
 * The diff revisions of review requests: uploading (parsed, checked against the base commit when
 * the repository is known, stored as the draft's revision), listing, and reading them file by
 * file, side by side, and between two revisions. Work that reads the repository runs in the
 * caller's context (a fetch is a cancellable sub-request of it); applied revisions are cached in
 * the reader's review session when there is one. Thread-safe.
 */
public final class DiffRevisions {
  private final Jdbi jdbi;
  private final Repositories repositories;
  private final RepositoryMirrors mirrors;
  private final RevisionContents contents;
  private final DiffLimits limits;

  DiffRevisions(Jdbi jdbi, Repositories repositories, RepositoryMirrors mirrors,
      DiffLimits limits) {
    this.jdbi = jdbi;
    this.repositories = repositories;
    this.mirrors = mirrors;
    this.contents = new RevisionContents(repositories, mirrors);
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Checks an upload as {@link #upload} would, and stores nothing.
   *
   * @throws org.communal.diff.DiffException {@code diff-empty}, {@code diff-too-big}, {@code
   *     diff-parse-error} or {@code diff-does-not-apply}
   * @throws InvalidInputException if the base commit is not in the repository
   */
  public ValidatedDiff validate(Context ctx, Viewer viewer, long reviewRequestId,
      DiffUpload upload) {
    ReviewRequest request = editable(viewer, reviewRequestId);
    RevisionContents.Prepared p = contents.prepare(ctx, request, upload, limits);
    return new ValidatedDiff(p.baseCommitId(), p.applied(), FileListing.files(p.files()));
  }

  /**
   * Uploads a new diff revision to the review request's draft (replacing one uploaded there
   * before); it becomes public when the draft is published.
   *
   * @throws org.communal.diff.DiffException as {@link #validate}; nothing is stored then
   */
  public DiffRevision upload(Context ctx, Viewer viewer, long reviewRequestId,
      DiffUpload upload) {
    ReviewRequest request = editable(viewer, reviewRequestId);
    RevisionContents.Prepared p = contents.prepare(ctx, request, upload, limits);
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequest locked = ReviewRequestRows.lock(tx, viewer, reviewRequestId);
      int revision = DiffStore.insert(tx, locked.id(), p.diff(), p.files(), p.parent(),
          p.baseCommitId(), upload.diff().length
              + upload.parentDiff().map(b -> b.length).orElse(0));
      new Drafts().ensure(tx, locked);
      return DiffStore.load(tx, viewer, locked, revision).revision();
    }));
  }

  /** The revisions the viewer may see, oldest first (the draft's last, to its submitter). */
  public List<DiffRevision> list(Viewer viewer, long reviewRequestId) {
    return Jdbis.call(jdbi, h -> DiffStore.list(h, viewer,
        ReviewRequestRows.read(h, viewer, reviewRequestId)));
  }

  /**
   * One revision.
   *
   * @throws NotFoundException if the viewer may not see it, or it does not exist
   */
  public DiffRevision get(Viewer viewer, long reviewRequestId, int revision) {
    return stored(viewer, reviewRequestId, revision).revision();
  }

  /** The files of a revision, in upload order. */
  public List<RevisionFile> files(Viewer viewer, long reviewRequestId, int revision) {
    return stored(viewer, reviewRequestId, revision).files();
  }

  /** One file of a revision. */
  public RevisionFile file(Viewer viewer, long reviewRequestId, int revision, long fileId) {
    return listed(stored(viewer, reviewRequestId, revision), fileId);
  }

  /** The revision's diff as one patch, as uploaded (for {@code text/x-patch}). */
  public byte[] patch(Viewer viewer, long reviewRequestId, int revision) {
    DiffStore.Stored s = stored(viewer, reviewRequestId, revision);
    return patches(s).diff();
  }

  private DiffStore.Patches patches(DiffStore.Stored s) {
    return Jdbis.call(jdbi, h -> DiffStore.patches(h, s.diffsetId()));
  }

  /**
   * A file's rows for a side-by-side view: from its whole original and patched contents when the
   * repository is known (so context can be expanded), otherwise from its hunks alone.
   */
  public SideBySide rows(Context ctx, Viewer viewer, long reviewRequestId, int revision,
      long fileId, RowOptions options) {
    return view(ctx, viewer, reviewRequestId, revision, fileId, options).rows();
  }

  /**
   * The rows of original lines {@code from..to} of a file, to unfold a collapsed section. The
   * range is checked against the file before any row of it is gathered.
   *
   * @throws InvalidInputException ({@code expand}) if the range goes past the lines the view
   *     knows, or holds a changed line, naming the file and its line count
   */
  public List<Row> expand(Context ctx, Viewer viewer, long reviewRequestId, int revision,
      long fileId, RowOptions options, int from, int to) {
    FileView v = view(ctx, viewer, reviewRequestId, revision, fileId, options);
    int known = v.rows().oldLineCount();
    if (to > known) {
      throw InvalidInputException.of("expand", "asks for original lines " + from + "-" + to
          + " of " + v.path() + ", which " + (v.wholeFile() ? "has " + known + " lines"
          : "this diff shows up to line " + known + " (without a repository the rest is not"
          + " known)") + "; expand the lines of a collapsed section");
    }
    try {
      return v.rows().expand(from, to);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("expand", v.path() + ": " + e.getMessage());
    }
  }

  /** A file's rows, its path at the base, and whether they are of the whole file. */
  private record FileView(SideBySide rows, String path, boolean wholeFile) {}

  private FileView view(Context ctx, Viewer viewer, long reviewRequestId, int revision,
      long fileId, RowOptions options) {
    DiffStore.Stored s = stored(viewer, reviewRequestId, revision);
    FileChange change = listed(s, fileId).change();
    int position = change.position();
    String path = change.oldPath().orElse(change.path());
    ReviewRequest request = get(viewer, reviewRequestId);
    Optional<AppliedFile> applied = contents.appliedFile(ctx, request, s, position,
        () -> patches(s));
    if (applied.isPresent() && !applied.get().binary() && applied.get().contentKnown()) {
      return new FileView(Diffs.sideBySide(applied.get(), options), path, true);
    }
    return new FileView(Diffs.sideBySideOfHunks(entries(s, fileId, position)), path, false);
  }

  /**
   * The entries of the listed file that starts at {@code position}: its own patch alone, unless
   * the revision holds a series that changes some file more than once.
   */
  private List<FileDiff> entries(DiffStore.Stored s, long fileId, int position) {
    if (s.entries() == s.files().size()) {
      byte[] patch = Jdbis.call(jdbi, h -> DiffStore.patch(h, fileId));
      return Diffs.parse(patch, DiffLimits.DEFAULTS).files();
    }
    ParsedDiff all = Diffs.parse(patches(s).diff(), DiffLimits.DEFAULTS);
    FileDiff first = all.files().get(position);
    return Diffs.files(all).files().stream().filter(f -> f.diffs().get(0) == first)
        .findFirst().orElseThrow().diffs();
  }

  /**
   * A file's whole contents before ({@code patched} false) or after the change.
   *
   * @throws ContentUnavailableException when they cannot be known
   * @throws NotFoundException when the file does not exist on that side
   */
  public byte[] content(Context ctx, Viewer viewer, long reviewRequestId, int revision,
      long fileId, boolean patched) {
    DiffStore.Stored s = stored(viewer, reviewRequestId, revision);
    FileChange change = listed(s, fileId).change();
    ReviewRequest request = get(viewer, reviewRequestId);
    AppliedFile file = contents.appliedFile(ctx, request, s, change.position(), () -> patches(s))
        .orElseThrow(() ->
        new ContentUnavailableException("The contents of " + change.path() + " are not known:"
            + " review request " + reviewRequestId + " has no"
            + " repository (or the revision no base commit). Its diff can still be read."));
    if (!file.contentKnown()) {
      throw new ContentUnavailableException(file.path() + " is binary and the diff does not"
          + " carry its data; upload it with git diff --binary to make it viewable.");
    }
    return (patched ? file.patched() : file.original()).orElseThrow(() ->
        new NotFoundException(file.path() + " does not exist " + (patched ? "after" : "before")
            + " this change."));
  }

  /**
   * What changed from revision {@code from} to revision {@code to}, without what changed
   * upstream between their base commits.
   *
   * @throws ContentUnavailableException if the review request has no repository
   */
  public Interdiff interdiff(Context ctx, Viewer viewer, long reviewRequestId, int from, int to,
      RowOptions options) {
    DiffStore.Stored a = stored(viewer, reviewRequestId, from);
    DiffStore.Stored b = stored(viewer, reviewRequestId, to);
    ReviewRequest request = get(viewer, reviewRequestId);
    return Diffs.interdiff(contents.revision(ctx, request, a, patches(a)),
        contents.revision(ctx, request, b, patches(b)), options);
  }

  /**
   * Fetches a repository's mirror now, as a sub-request of {@code ctx}.
   *
   * @throws InvalidStateException if this service reads no repositories
   * @throws org.communal.repos.RepositoryException if the fetch failed (and was recorded)
   */
  public Repository fetchRepository(Context ctx, long repositoryId) {
    if (mirrors == null) {
      throw new InvalidStateException("This server keeps no repository mirrors, so it cannot"
          + " fetch repository " + repositoryId + ".");
    }
    return repositories.fetch(ctx, repositoryId, mirrors);
  }

  private ReviewRequest get(Viewer viewer, long reviewRequestId) {
    return Jdbis.call(jdbi, h -> ReviewRequestRows.read(h, viewer, reviewRequestId));
  }

  private ReviewRequest editable(Viewer viewer, long reviewRequestId) {
    ReviewRequest request = get(viewer, reviewRequestId);
    ReviewRequests.checkCanEdit(viewer, request);
    if (request.status() != ReviewRequestStatus.PENDING) {
      throw new InvalidStateException("Review request " + reviewRequestId + " is "
          + request.status().wireName() + ": reopen it before uploading a new diff.");
    }
    return request;
  }

  private DiffStore.Stored stored(Viewer viewer, long reviewRequestId, int revision) {
    return Jdbis.call(jdbi, h -> DiffStore.load(h, viewer,
        ReviewRequestRows.read(h, viewer, reviewRequestId), revision));
  }

  /** The listed file with this id. */
  private static RevisionFile listed(DiffStore.Stored s, long fileId) {
    for (RevisionFile f : s.files()) {
      if (f.id() == fileId) {
        return f;
      }
    }
    throw new NotFoundException("Diff revision " + s.revision().revision() + " of review request "
        + s.revision().reviewRequestId() + " has no file with id " + fileId + ".");
  }
}
