package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.communal.diff.InterdiffFile.Method;
import org.communal.diff.Row.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interdiffs between two revisions of a change whose base moved: revision 1 is the author's change
 * on X; upstream then moved to Y; revision 2 is the change rebased onto Y plus a fix.
 */
class InterdiffTest {
  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void createRepository() {
    repo = GitRepo.init(tmp.resolve("repo"));
  }

  private static String numbered(String prefix, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append(prefix).append(' ').append(i).append('\n');
    }
    return s.toString();
  }

  private Interdiff.Revision revision(String base, String head) {
    return new Interdiff.Revision(Diffs.parse(repo.gitBytes("diff", "-M", base, head)),
        repo.sourceAt(base));
  }

  private static List<Row> changes(InterdiffFile f) {
    return f.view().rows().stream().filter(r -> r.kind() != Kind.EQUAL).toList();
  }

  /** Upstream edits app.txt far from the author's lines, edits other.txt and adds up.txt. */
  private String moveUpstream(String base) {
    repo.git("checkout", "-q", base);
    repo.git("checkout", "-q", "-b", "upstream");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 30\n", "line 30 (upstream)\n"));
    repo.write("other.txt", "other, changed upstream\n");
    repo.write("up.txt", "new upstream file\n");
    return repo.commit("upstream work");
  }

  @Test
  void showsOnlyTheAuthorsFixAfterARebaseOntoAMovedUpstream() {
    repo.write("app.txt", numbered("line", 1, 40));
    repo.write("other.txt", "other\n");
    String x = repo.commit("base X");
    repo.git("checkout", "-q", "-b", "topic");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (author)\n"));
    String rev1 = repo.commit("author's change");
    String y = moveUpstream(x);
    repo.git("checkout", "-q", "-b", "topic2");
    repo.git("cherry-pick", rev1);
    repo.write("app.txt",
        repo.read("app.txt").replace("line 5 (author)\n", "line 5 (author, fixed)\n"));
    String rev2 = repo.commit("rebased, with a fix");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(y, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).hasSize(1);
    InterdiffFile f = interdiff.files().get(0);
    assertThat(f.path()).isEqualTo("app.txt");
    assertThat(f.method()).isEqualTo(Method.REBASED);
    assertThat(changes(f)).extracting(Row::kind, Row::oldText, Row::newText, Row::upstream)
        .containsExactly(Tuple.tuple(Kind.REPLACE, "line 5 (author)", "line 5 (author, fixed)",
            false));
    assertThat(f.view().rows()).extracting(Row::newText).contains("line 30 (upstream)");
  }

  @Test
  void showsAFileOnlyTheSecondRevisionTouchesAsItsWholeChange() {
    repo.write("app.txt", numbered("line", 1, 10));
    String x = repo.commit("base X");
    repo.write("app.txt", numbered("line", 1, 10).replace("line 2\n", "line two\n"));
    String rev1 = repo.commit("rev 1");
    repo.git("checkout", "-q", x);
    repo.write("app.txt", numbered("line", 1, 10).replace("line 2\n", "line two\n"));
    repo.write("new.txt", "brand new\n");
    String rev2 = repo.commit("rev 2");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(x, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).extracting(InterdiffFile::oldPath, InterdiffFile::newPath,
        InterdiffFile::method).containsExactly(Tuple.tuple(null, "new.txt", Method.REBASED));
    assertThat(changes(interdiff.files().get(0))).extracting(Row::kind, Row::newText)
        .containsExactly(Tuple.tuple(Kind.INSERT, "brand new"));
  }

  @Test
  void showsAFileTheSecondRevisionNoLongerTouchesAsARevertOntoTheNewBase() {
    repo.write("app.txt", numbered("line", 1, 40));
    repo.write("other.txt", "other\n");
    repo.write("dropped.txt", numbered("d", 1, 20));
    String x = repo.commit("base X");
    repo.git("checkout", "-q", "-b", "topic");
    repo.write("dropped.txt", numbered("d", 1, 20).replace("d 3\n", "d three\n"));
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (author)\n"));
    String rev1 = repo.commit("rev 1 touches dropped.txt");
    String y = moveUpstream(x);
    repo.write("dropped.txt", numbered("d", 1, 20).replace("d 18\n", "d 18 (upstream)\n"));
    y = repo.commit("upstream also edits dropped.txt");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (author)\n")
        .replace("line 30\n", "line 30 (upstream)\n"));
    String rev2 = repo.commit("rev 2 leaves dropped.txt alone");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(y, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).extracting(InterdiffFile::path).containsExactly("dropped.txt");
    InterdiffFile f = interdiff.files().get(0);
    assertThat(f.method()).isEqualTo(Method.REBASED);
    assertThat(changes(f)).extracting(Row::oldText, Row::newText)
        .containsExactly(Tuple.tuple("d three", "d 3"));
  }

  @Test
  void fallsBackToMarkingUpstreamRowsWhenTheRebaseConflicts() {
    repo.write("app.txt", numbered("line", 1, 40));
    String x = repo.commit("base X");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (author)\n"));
    String rev1 = repo.commit("rev 1");
    repo.git("checkout", "-q", x);
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (upstream)\n")
        .replace("line 30\n", "line 30 (upstream)\n"));
    String y = repo.commit("upstream edits the author's line too");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (both)\n")
        .replace("line 30\n", "line 30 (upstream)\n"));
    String rev2 = repo.commit("rev 2 resolves the conflict");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(y, rev2),
        RowOptions.DEFAULTS);

    InterdiffFile f = interdiff.files().get(0);
    assertThat(f.method()).isEqualTo(Method.UPSTREAM_MARKED);
    assertThat(changes(f)).extracting(Row::oldText, Row::newText, Row::upstream).containsExactly(
        Tuple.tuple("line 5 (author)", "line 5 (both)", false),
        Tuple.tuple("line 30", "line 30 (upstream)", true));
  }

  @Test
  void pairsARenamedFileByItsOriginalPath() {
    repo.write("old.txt", numbered("r", 1, 20));
    String x = repo.commit("base X");
    repo.delete("old.txt");
    repo.write("first.txt", numbered("r", 1, 20));
    String rev1 = repo.commit("rename to first.txt");
    repo.git("checkout", "-q", x);
    repo.delete("old.txt");
    repo.write("second.txt", numbered("r", 1, 20).replace("r 7\n", "r seven\n"));
    String rev2 = repo.commit("rename to second.txt and edit");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(x, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).extracting(InterdiffFile::oldPath, InterdiffFile::newPath)
        .containsExactly(Tuple.tuple("first.txt", "second.txt"));
    assertThat(changes(interdiff.files().get(0))).extracting(Row::oldText, Row::newText)
        .containsExactly(Tuple.tuple("r 7", "r seven"));
  }

  @Test
  void comparesBinaryFilesAsBytes() {
    repo.write("same.bin", new byte[] {0, 1});
    repo.write("changed.bin", new byte[] {0, 2});
    String x = repo.commit("base X");
    repo.write("same.bin", new byte[] {0, 1, 1});
    repo.write("changed.bin", new byte[] {0, 2, 2});
    String rev1 = repo.commit("rev 1");
    repo.git("checkout", "-q", x);
    repo.write("same.bin", new byte[] {0, 1, 1});
    repo.write("changed.bin", new byte[] {0, 2, 3});
    String rev2 = repo.commit("rev 2");

    Interdiff interdiff = Diffs.interdiff(binaryRevision(x, rev1), binaryRevision(x, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).extracting(InterdiffFile::path, InterdiffFile::method,
        InterdiffFile::binary).containsExactly(Tuple.tuple("changed.bin", Method.BYTES, true));
    assertThat(interdiff.files().get(0).view()).isNull();
  }

  private Interdiff.Revision binaryRevision(String base, String head) {
    return new Interdiff.Revision(Diffs.parse(repo.gitBytes("diff", "--binary", base, head)),
        repo.sourceAt(base));
  }

  @Test
  void listsNothingWhenOnlyUpstreamMoved() {
    repo.write("app.txt", numbered("line", 1, 40));
    repo.write("other.txt", "other\n");
    String x = repo.commit("base X");
    repo.git("checkout", "-q", "-b", "topic");
    repo.write("app.txt", numbered("line", 1, 40).replace("line 5\n", "line 5 (author)\n"));
    String rev1 = repo.commit("rev 1");
    String y = moveUpstream(x);
    repo.git("cherry-pick", rev1);
    String rev2 = repo.resolve("HEAD");

    Interdiff interdiff = Diffs.interdiff(revision(x, rev1), revision(y, rev2),
        RowOptions.DEFAULTS);

    assertThat(interdiff.files()).isEmpty();
  }
}
