package org.communal.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.communal.context.Context;
import org.communal.core.ContentUnavailableException;
import org.communal.core.DiffUpload;
import org.communal.core.FileChange;
import org.communal.core.InvalidInputException;
import org.communal.core.Repositories;
import org.communal.core.Repository;
import org.communal.core.ReviewRequest;
import org.communal.diff.AppliedDiff;
import org.communal.diff.AppliedFile;
import org.communal.diff.DiffLimits;
import org.communal.diff.Diffs;
import org.communal.diff.FileDiff;
import org.communal.diff.FileSource;
import org.communal.diff.FileStatus;
import org.communal.diff.GitPath;
import org.communal.diff.Interdiff;
import org.communal.diff.ParsedDiff;
import org.communal.repos.RepositoryException;
import org.communal.repos.RepositoryMirrors;

/**
 * The files of a diff revision's base commit (through the repository's mirror, fetched when it
 * lacks the commit), with the parent diff applied, and the revision applied to them. Not API.
 */
public final class RevisionContents {
  /**
   * An upload, parsed and checked.
   *
   * @param files its entries as they are listed and stored
   */
  public record Prepared(ParsedDiff diff, Optional<ParsedDiff> parent,
      Optional<String> baseCommitId, boolean applied, List<FileListing.Entry> files) {}

  /** A stored revision, parsed again and applied to its base. */
  private record Applied(ParsedDiff diff, AppliedDiff applied) {}

  private final Repositories repositories;
  private final RepositoryMirrors mirrors;

  /** @param mirrors the mirrors, or null when this service reads no repository */
  public RevisionContents(Repositories repositories, RepositoryMirrors mirrors) {
    this.repositories = repositories;
    this.mirrors = mirrors;
  }

  /** Parses an upload and, when the repository is known, applies it to the base commit. */
  public Prepared prepare(Context ctx, ReviewRequest request, DiffUpload upload,
      DiffLimits limits) {
    ParsedDiff diff = Diffs.parse(upload.diff(), limits);
    Optional<ParsedDiff> parent = upload.parentDiff().map(p -> Diffs.parse(p, limits));
    Optional<Repository> repo = repository(request);
    if (repo.isEmpty()) {
      upload.baseCommitId().ifPresent(RevisionContents::checkCommitText);
      return new Prepared(diff, parent, upload.baseCommitId(), false,
          FileListing.of(diff, Optional.empty(), path -> Optional.empty()));
    }
    String commit = resolve(ctx, repo.get(),
        upload.baseCommitId().orElse(repo.get().defaultBranch()));
    AppliedDiff applied = Diffs.apply(diff, source(repo.get().id(), commit, parent));
    return new Prepared(diff, parent, Optional.of(commit), true, FileListing.of(diff,
        Optional.of(applied), modes(repo.get().id(), commit, parent)));
  }

  /**
   * A path's mode at the base, for entries that do not state it (a pure rename): as the parent
   * diff leaves it, else as the base commit has it.
   */
  private Function<String, Optional<String>> modes(long repositoryId, String commit,
      Optional<ParsedDiff> parent) {
    Optional<AppliedDiff> p = parent.map(Diffs::files);
    return path -> {
      Optional<AppliedFile> changed = p.flatMap(d -> d.file(path))
          .filter(f -> f.newPath() != null);
      if (changed.isEmpty()) {
        return mirrors.fileMode(repositoryId, commit, GitPath.bytes(path));
      }
      List<FileDiff> diffs = changed.get().diffs();
      Optional<String> mode = Optional.ofNullable(diffs.get(diffs.size() - 1).newMode());
      String before = changed.get().oldPath();
      return mode.isPresent() || before == null ? mode
          : mirrors.fileMode(repositoryId, commit, GitPath.bytes(before));
    };
  }

  /**
   * The applied file that the entry at this position of a stored revision belongs to, if the
   * base can be read.
   *
   * @param position the entry's place in the upload ({@link FileChange#position()})
   */
  public Optional<AppliedFile> appliedFile(Context ctx, ReviewRequest request,
      DiffStore.Stored stored, int position, Supplier<DiffStore.Patches> patches) {
    Optional<Repository> repo = repository(request);
    if (repo.isEmpty() || stored.revision().baseCommitId().isEmpty()) {
      return Optional.empty();
    }
    Applied applied = applied(ctx, repo.get(), stored, patches);
    FileDiff entry = applied.diff().files().get(position);
    return applied.applied().files().stream()
        .filter(f -> f.diffs().stream().anyMatch(d -> d == entry)).findFirst();
  }

  /**
   * A stored revision as an interdiff side.
   *
   * @throws ContentUnavailableException when the base cannot be read
   */
  public Interdiff.Revision revision(Context ctx, ReviewRequest request,
      DiffStore.Stored stored, DiffStore.Patches patches) {
    Repository repo = repository(request).orElseThrow(() -> new ContentUnavailableException(
        "Interdiffs need the files of each revision's base commit, and review request "
            + request.id() + " has no repository. Compare the revisions' diffs instead."));
    String commit = stored.revision().baseCommitId().orElseThrow(() ->
        new ContentUnavailableException("Diff revision " + stored.revision().revision()
            + " has no base commit, so its files cannot be known."));
    ensureCommit(ctx, repo, commit);
    Optional<ParsedDiff> parent = patches.parentDiff()
        .map(p -> Diffs.parse(p, DiffLimits.DEFAULTS));
    return new Interdiff.Revision(Diffs.parse(patches.diff(), DiffLimits.DEFAULTS),
        source(repo.id(), commit, parent));
  }

  private Applied applied(Context ctx, Repository repo, DiffStore.Stored stored,
      Supplier<DiffStore.Patches> loader) {
    // A diffset row is one immutable upload: its id keys the cache.
    String key = "r/" + stored.revision().reviewRequestId() + " diff "
        + stored.revision().revision() + " (" + stored.diffsetId() + ")";
    Optional<SessionCache> cache = SessionCache.of(ctx);
    Optional<Applied> hit = cache.flatMap(c -> c.get(key, Applied.class));
    if (hit.isPresent()) {
      return hit.get();
    }
    String commit = stored.revision().baseCommitId().orElseThrow();
    ensureCommit(ctx, repo, commit);
    DiffStore.Patches patches = loader.get();
    Optional<ParsedDiff> parent = patches.parentDiff()
        .map(p -> Diffs.parse(p, DiffLimits.DEFAULTS));
    ParsedDiff diff = Diffs.parse(patches.diff(), DiffLimits.DEFAULTS);
    Applied applied = new Applied(diff, Diffs.apply(diff, source(repo.id(), commit, parent)));
    cache.ifPresent(c -> c.put(key, applied, weight(applied)));
    return applied;
  }

  private static long weight(Applied a) {
    long w = 0;
    for (AppliedFile f : a.applied().files()) {
      w += f.original().map(b -> b.length).orElse(0) + f.patched().map(b -> b.length).orElse(0);
    }
    for (FileDiff d : a.diff().files()) {
      w += d.patchLength();
    }
    return w;
  }

  /** The files at the base commit, with the parent diff applied when there is one. */
  private FileSource source(long repositoryId, String commit, Optional<ParsedDiff> parent) {
    // Paths are git's bytes: one that is not UTF-8 must reach the mirror as those bytes.
    FileSource base = path -> mirrors.readFile(repositoryId, commit, GitPath.bytes(path));
    if (parent.isEmpty()) {
      return base;
    }
    AppliedDiff p = Diffs.apply(parent.get(), base);
    return path -> {
      for (AppliedFile f : p.files()) {
        if (path.equals(f.newPath())) {
          return f.patched();
        }
        if (path.equals(f.oldPath()) && (f.status() == FileStatus.DELETED
            || f.status() == FileStatus.RENAMED)) {
          return Optional.empty();
        }
      }
      return base.read(path);
    };
  }

  private Optional<Repository> repository(ReviewRequest request) {
    if (mirrors == null) {
      return Optional.empty();
    }
    return request.repositoryId().map(repositories::get);
  }

  /** The full commit id a revision names, fetching the mirror once if it does not know it. */
  private String resolve(Context ctx, Repository repo, String revision) {
    Optional<String> found = tryResolve(repo, revision);
    if (found.isEmpty()) {
      fetch(ctx, repo);
      found = tryResolve(repo, revision);
    }
    return found.orElseThrow(() -> InvalidInputException.of("base_commit_id", "\"" + revision
        + "\" is not in repository " + repo.name() + ", even after fetching it: push the"
        + " commit, or give the commit your diff was made against"));
  }

  private void ensureCommit(Context ctx, Repository repo, String commit) {
    if (!mirrors.hasCommit(repo.id(), commit)) {
      fetch(ctx, repo);
    }
  }

  private Optional<String> tryResolve(Repository repo, String revision) {
    try {
      return mirrors.resolve(repo.id(), revision);
    } catch (RepositoryException e) {
      if (RepositoryException.NOT_MIRRORED.equals(e.code())) {
        return Optional.empty();
      }
      if (RepositoryException.BAD_REVISION.equals(e.code())) {
        throw InvalidInputException.of("base_commit_id", e.getMessage());
      }
      throw e;
    }
  }

  private void fetch(Context ctx, Repository repo) {
    repositories.fetch(ctx, repo.id(), mirrors);
  }

  private static void checkCommitText(String commit) {
    if (!commit.matches("[0-9a-fA-F]{4,64}")) {
      throw InvalidInputException.of("base_commit_id", "must be a commit id (4 to 64"
          + " hexadecimal digits) when the review request has no repository, was \"" + commit
          + "\"");
    }
  }
}
