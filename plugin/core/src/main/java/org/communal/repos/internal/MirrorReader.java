package org.communal.repos.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.communal.repos.RepositoryException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads a mirror: revisions to commit ids, files at a commit. Each call uses its own object reader
 * over the shared repository, which JGit allows from many threads, also while a fetch writes.
 */
public final class MirrorReader {
  private static final Pattern FULL_ID = Pattern.compile("[0-9a-fA-F]{40}");
  private static final Pattern ABBREVIATED_ID = Pattern.compile("[0-9a-fA-F]{4,40}");

  private final long repositoryId;
  private final Repository repo;

  public MirrorReader(long repositoryId, Repository repo) {
    this.repositoryId = repositoryId;
    this.repo = repo;
  }

  /**
   * The commit a revision names: HEAD, a branch, a tag (peeled), a full ref name, or a full or
   * abbreviated commit id; refs win over ids, as in git.
   */
  public Optional<String> resolve(String revision) {
    if (revision == null || revision.isBlank()) {
      throw badRevision("The revision is empty: give a branch, a tag or a commit id.");
    }
    try (RevWalk walk = new RevWalk(repo)) {
      Optional<ObjectId> target = fromRef(revision);
      if (target.isEmpty() && ABBREVIATED_ID.matcher(revision).matches()) {
        target = fromId(walk.getObjectReader(), revision.toLowerCase(Locale.ROOT));
      }
      if (target.isEmpty()) {
        return Optional.empty();
      }
      return commitOf(walk, target.get()).map(RevCommit::name);
    } catch (IOException e) {
      throw MirrorStore.storageFailed(repositoryId, e);
    }
  }

  /** Whether the mirror has this commit. */
  public boolean hasCommit(String commitId) {
    ObjectId id = requireFullId(commitId);
    try (RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(id);
      return true;
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return false;
    } catch (IOException e) {
      throw MirrorStore.storageFailed(repositoryId, e);
    }
  }

  /** A file's bytes at a commit; empty if there is no file at that path. */
  public Optional<byte[]> readFile(String commitId, String path, long maxSize) {
    ObjectId id = requireFullId(commitId);
    String gitPath = GitPaths.normalize(path);
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = knownCommit(walk, id);
      try (TreeWalk tree = TreeWalk.forPath(walk.getObjectReader(), gitPath, commit.getTree())) {
        if (tree == null || tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
          return Optional.empty(); // absent, or a directory or submodule
        }
        return Optional.of(bytes(walk.getObjectReader(), tree.getObjectId(0), gitPath, maxSize));
      }
    } catch (IOException e) {
      throw MirrorStore.storageFailed(repositoryId, e);
    }
  }

  /** A file's bytes at a commit, its path as git's bytes; empty if there is no file there. */
  public Optional<byte[]> readFile(String commitId, byte[] path, long maxSize) {
    ObjectId id = requireFullId(commitId);
    return atPath(id, path, (walk, tree) -> bytes(walk.getObjectReader(), tree.getObjectId(0),
        tree.getPathString(), maxSize));
  }

  /** A file's mode at a commit ({@code 100644}), its path as git's bytes; empty if absent. */
  public Optional<String> fileMode(String commitId, byte[] path) {
    ObjectId id = requireFullId(commitId);
    return atPath(id, path, (walk, tree) -> Integer.toOctalString(tree.getRawMode(0)));
  }

  /** Reads something of the file a tree walk stands on. */
  private interface EntryReader<T> {
    T read(RevWalk walk, TreeWalk tree) throws IOException;
  }

  /**
   * What {@code reader} reads of the file at these path bytes in the commit, or empty when there
   * is none; the walks are closed here, whatever the reader does.
   */
  private <T> Optional<T> atPath(ObjectId commitId, byte[] path, EntryReader<T> reader) {
    byte[] gitPath = GitPaths.normalize(path);
    try (RevWalk walk = new RevWalk(repo)) {
      Optional<TreeWalk> entry = find(walk, knownCommit(walk, commitId), gitPath);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      try (TreeWalk tree = entry.get()) {
        return Optional.of(reader.read(walk, tree));
      }
    } catch (IOException e) {
      throw MirrorStore.storageFailed(repositoryId, e);
    }
  }

  /**
   * The tree entry at exactly these path bytes, positioned on it (the caller closes it), or
   * empty when there is none or it is a directory or submodule. JGit's path filters take
   * strings, which cannot name every path git can hold, so the walk compares raw bytes.
   */
  private static Optional<TreeWalk> find(RevWalk walk, RevCommit commit, byte[] path)
      throws IOException {
    TreeWalk tree = new TreeWalk(walk.getObjectReader());
    tree.addTree(commit.getTree());
    while (tree.next()) {
      int match = tree.isPathMatch(path, path.length);
      if (match == 0 && tree.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
        return Optional.of(tree);
      }
      if (match < 0 && tree.isSubtree()) {
        tree.enterSubtree(); // A directory on the way to the path.
      }
    }
    tree.close();
    return Optional.empty();
  }

  private Optional<ObjectId> fromRef(String revision) throws IOException {
    List<String> names = revision.startsWith(Constants.R_REFS) || revision.equals(Constants.HEAD)
        ? List.of(revision)
        : List.of(Constants.R_HEADS + revision, Constants.R_TAGS + revision);
    for (String name : names) {
      if (!name.equals(Constants.HEAD) && !Repository.isValidRefName(name)) {
        continue;
      }
      Ref ref = repo.exactRef(name);
      if (ref != null && ref.getObjectId() != null) {
        return Optional.of(ref.getObjectId());
      }
    }
    return Optional.empty();
  }

  private Optional<ObjectId> fromId(ObjectReader reader, String hex) throws IOException {
    if (hex.length() == Constants.OBJECT_ID_STRING_LENGTH) {
      return Optional.of(ObjectId.fromString(hex));
    }
    Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(hex));
    if (matches.size() > 1) {
      throw badRevision("The abbreviated commit id " + hex + " is ambiguous in repository "
          + repositoryId + ": give more of its digits.");
    }
    return matches.stream().findFirst();
  }

  /** The commit an object is or points to (through annotated tags); empty for anything else. */
  private static Optional<RevCommit> commitOf(RevWalk walk, ObjectId id) throws IOException {
    try {
      return Optional.of(walk.parseCommit(id));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return Optional.empty();
    }
  }

  private RevCommit knownCommit(RevWalk walk, ObjectId id) throws IOException {
    try {
      return walk.parseCommit(id);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new RepositoryException(RepositoryException.UNKNOWN_COMMIT, "Commit " + id.name()
          + " is not in the mirror of repository " + repositoryId + ": fetch the repository or"
          + " check the commit id.", e);
    }
  }

  private byte[] bytes(ObjectReader reader, ObjectId blob, String path, long maxSize)
      throws IOException {
    ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
    if (loader.getSize() > maxSize) {
      throw new RepositoryException(RepositoryException.FILE_TOO_LARGE, "The file " + path
          + " in repository " + repositoryId + " has " + loader.getSize() + " bytes, more than"
          + " the " + maxSize + " that may be read; raise maxFileSize to read it.");
    }
    return loader.getBytes((int) maxSize);
  }

  /**
   * The id, if it is a full commit id.
   *
   * @throws RepositoryException with {@link RepositoryException#BAD_REVISION} otherwise
   */
  public static ObjectId requireFullId(String commitId) {
    if (commitId == null || !FULL_ID.matcher(commitId).matches()) {
      throw badRevision("\"" + commitId + "\" is not a full commit id: give its 40 hex digits"
          + " (resolve() turns branches, tags and abbreviated ids into one).");
    }
    return ObjectId.fromString(commitId.toLowerCase(Locale.ROOT));
  }

  private static RepositoryException badRevision(String message) {
    return new RepositoryException(RepositoryException.BAD_REVISION, message);
  }
}
