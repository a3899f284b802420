package org.communal.diff.internal;

import java.util.Arrays;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/**
 * Moves one file's change onto another base: a three-way merge (JGit's {@link MergeAlgorithm})
 * with the change's original as the base, the new base as "ours" and the changed file as
 * "theirs". A missing file is null.
 */
final class Rebase {
  private static final MergeAlgorithm MERGE = new MergeAlgorithm();

  /** The outcome: clean with its contents (null for a deleted file), or a conflict. */
  record Result(boolean clean, byte[] content) {}

  private Rebase() {}

  static Result of(byte[] original, byte[] newBase, byte[] changed) {
    if (changed == null) {
      return new Result(true, null); // The change deletes the file: so does the rebased change.
    }
    if (Arrays.equals(original, changed)) {
      return new Result(true, newBase); // No content change: only the new base remains.
    }
    if (Arrays.equals(original, newBase)) {
      return new Result(true, changed); // The base did not move.
    }
    return merge(orEmpty(original), orEmpty(newBase), changed);
  }

  private static byte[] orEmpty(byte[] content) {
    return content == null ? new byte[0] : content;
  }

  private static Result merge(byte[] base, byte[] ours, byte[] theirs) {
    FileText[] texts = {FileText.of(base), FileText.of(ours), FileText.of(theirs)};
    MergeResult<RawText> result =
        MERGE.merge(RawTextComparator.DEFAULT, (RawText) texts[0], texts[1], texts[2]);
    if (result.containsConflicts()) {
      return new Result(false, null);
    }
    ByteSink out = new ByteSink(ours.length + theirs.length);
    for (MergeChunk chunk : result) {
      FileText t = texts[chunk.getSequenceIndex()];
      if (chunk.getEnd() > chunk.getBegin()) {
        out.write(t.content(), t.start(chunk.getBegin()), t.end(chunk.getEnd() - 1));
      }
    }
    return new Result(true, out.toByteArray());
  }
}
