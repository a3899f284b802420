package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git format-patch} uploads: mails, their metadata, and series that compose. */
class FormatPatchTest {
  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void createRepository() {
    repo = GitRepo.init(tmp.resolve("repo"));
  }

  private byte[] formatPatch(String base) {
    return repo.gitBytes("format-patch", "--stdout", "-M", "--binary", base);
  }

  @Test
  void keepsEachMailsSubjectAuthorBodyAndCommitId() {
    repo.write("a.txt", "one\n");
    String base = repo.commit("base");
    repo.write("a.txt", "one\ntwo\n");
    String first = repo.commit("Add two\n\nThe second line.\nIt matters.");
    repo.write("b.txt", "b\n");
    String second = repo.commit("Grüße und ein sehr langer Betreff, der in der Mail gefaltet wird,"
        + " weil er so lang ist");

    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    assertThat(parsed.mails()).hasSize(2);
    PatchMail m1 = parsed.mails().get(0);
    assertThat(m1.commitId()).isEqualTo(first);
    assertThat(m1.author()).isEqualTo("Ann Author <ann@example.com>");
    assertThat(m1.subject()).isEqualTo("Add two");
    assertThat(m1.body()).isEqualTo("The second line.\nIt matters.");
    assertThat(m1.date()).isEqualTo("Fri, 2 Jan 2026 03:04:05 +0000");
    assertThat(m1.files()).extracting(FileDiff::path).containsExactly("a.txt");
    PatchMail m2 = parsed.mails().get(1);
    assertThat(m2.commitId()).isEqualTo(second);
    assertThat(m2.subject()).isEqualTo(repo.git("log", "-1", "--format=%s", second).strip());
    assertThat(m2.body()).isEmpty();
    assertThat(m2.files()).extracting(FileDiff::path).containsExactly("b.txt");
    assertThat(parsed.files()).containsExactlyElementsOf(
        List.of(m1.files().get(0), m2.files().get(0)));
  }

  @Test
  void agreesWithGitForAMailThatDoesEverything() {
    repo.write("f.txt", "1\n2\n3\n");
    repo.write("dos.txt", "a\r\nb\r\n");
    repo.write("old name.txt", "keep\nme\nhere\nplease\n");
    repo.write("gone.txt", "bye\n");
    repo.write("b.bin", new byte[] {0, 1, 2, 3});
    repo.write("run.sh", "echo\n");
    String base = repo.commit("base");
    repo.write("f.txt", "1\nTWO\n3");
    repo.write("dos.txt", "a\r\nB\r\n");
    repo.delete("old name.txt");
    repo.write("ä new.txt", "keep\nme\nhere\nplease!\n");
    repo.delete("gone.txt");
    repo.write("b.bin", new byte[] {0, 1, 2, 4, 5});
    repo.setExecutable("run.sh", true);
    repo.write("empty", "");
    String head = repo.commit("everything at once");
    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    GitAgreement.assertMetadata(repo, parsed, base, head, "-M");
    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));

    GitAgreement.assertContents(applied, repo.tree(base), repo.tree(head));
    assertThat(parsed.mails()).singleElement().extracting(PatchMail::subject)
        .isEqualTo("everything at once");
  }

  @Test
  void leavesTheSignatureOutOfTheLastFilesBytes() {
    repo.write("a.txt", "x\n- \n");
    String base = repo.commit("base");
    repo.write("a.txt", "x\n");
    repo.commit("drop a line that looks like a signature");

    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    String patch = new String(parsed.files().get(0).patch(), StandardCharsets.UTF_8);
    assertThat(patch).endsWith("@@ -1,2 +1 @@\n x\n-- \n");
    assertThat(parsed.files().get(0).linesRemoved()).isEqualTo(1);
  }

  /** Following the entries by their paths alone gives the files that applying them gives. */
  private static void assertFollowedByPathsAlike(ParsedDiff parsed, AppliedDiff applied) {
    AppliedDiff followed = Diffs.files(parsed);

    assertThat(followed.files()).extracting(AppliedFile::status, AppliedFile::oldPath,
        AppliedFile::newPath, AppliedFile::diffs).containsExactlyElementsOf(applied.files()
        .stream().map(f -> Tuple.tuple(f.status(), f.oldPath(), f.newPath(), f.diffs()))
        .toList());
    assertThat(followed.files()).noneMatch(AppliedFile::contentKnown);
  }

  @Test
  void composesASeriesThatTouchesTheSameFileTwice() {
    repo.write("f.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    String base = repo.commit("base");
    repo.write("f.txt", "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n");
    repo.commit("first");
    repo.write("f.txt", "1\nTWO\n3\n4\n5\n6\n7\n8\nNINE\n");
    String head = repo.commit("second");
    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));

    assertFollowedByPathsAlike(parsed, applied);

    assertThat(parsed.files()).hasSize(2);
    assertThat(applied.files()).hasSize(1);
    AppliedFile f = applied.files().get(0);
    assertThat(f.diffs()).containsExactlyElementsOf(parsed.files());
    assertThat(f.status()).isEqualTo(FileStatus.MODIFIED);
    assertThat(f.original()).hasValue(repo.tree(base).get("f.txt"));
    assertThat(f.patched()).hasValue(repo.tree(head).get("f.txt"));
  }

  @Test
  void showsWhatASeriesDoesToAFileFromItsHunksAloneAsTheWholeFilesShowIt() {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      lines.append("line ").append(i).append('\n');
    }
    String v0 = lines.toString();
    repo.write("f.txt", v0);
    String base = repo.commit("base");
    String v1 = v0.replace("line 5\n", "five\n").replace("line 20\n", "twenty\n");
    repo.write("f.txt", v1);
    repo.commit("five and twenty");
    String v2 = v1.replace("five\n", "line 5\n").replace("line 25\n", "25!\n")
        .replace("line 28\n", "line 28\nline 28.5\n");
    repo.write("f.txt", v2);
    repo.commit("five back, 25 and 28.5");
    repo.write("f.txt", v2.replace("twenty\n", "TWENTY\n"));
    String head = repo.commit("louder");
    ParsedDiff parsed = Diffs.parse(formatPatch(base));
    AppliedFile whole = Diffs.apply(parsed, repo.sourceAt(base)).files().get(0);

    SideBySide fromHunks = Diffs.sideBySideOfHunks(Diffs.files(parsed).files().get(0).diffs());

    SideBySide fromFiles = Diffs.sideBySide(whole, RowOptions.DEFAULTS);
    assertThat(fromHunks.rows().stream().filter(r -> r.kind() != Row.Kind.EQUAL))
        .containsExactlyElementsOf(fromFiles.rows().stream()
            .filter(r -> r.kind() != Row.Kind.EQUAL).toList());
    assertThat(fromHunks.linesAdded() + " " + fromHunks.linesRemoved() + " f.txt")
        .isEqualTo(repo.git("diff", "--numstat", base, head).strip().replace('\t', ' '));
    assertThat(fromHunks.sections().get(0)).isEqualTo(new Section.Collapsed(1, 16, 1, 16,
        false));
    assertThat(fromHunks.rows()).contains(Row.equal(17, 17, "line 17", "line 17"))
        .doesNotContain(Row.equal(5, 5, "line 5", "line 5"));
    assertThat(fromHunks.sections()).noneMatch(s -> s instanceof Section.Collapsed c
        && c.expandable());
  }

  @Test
  void refusesASeriesWhoseHunksDoNotFitWhatTheEarlierOnesLeft() {
    ParsedDiff parsed = Diffs.parse(("""
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ -1,3 +1,3 @@
         a
        -b
        +B
         c
        """ + """
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ -1,3 +1,3 @@
         a
        -b
        +beta
         c
        """).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    DiffException e = org.assertj.core.api.Assertions.catchThrowableOfType(DiffException.class,
        () -> Diffs.sideBySideOfHunks(Diffs.files(parsed).files().get(0).diffs()));

    assertThat(e.code()).isEqualTo("diff-does-not-apply");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(12, 1));
    assertThat(e.problems().get(0).message()).startsWith("hunk 1 of f.txt (@@ at line 12 of"
        + " the upload) expects 'b' where the earlier commits of the series leave 'B';");
  }

  @Test
  void composesARenameWithALaterChangeToTheRenamedFile() {
    repo.write("old.txt", "a\nb\nc\nd\ne\nf\n");
    repo.write("other.txt", "o\n");
    String base = repo.commit("base");
    repo.git("mv", "old.txt", "new.txt");
    repo.commit("rename");
    repo.write("new.txt", "a\nb\nc\nd\ne\nF\n");
    repo.delete("other.txt");
    repo.write("added.txt", "first\n");
    repo.commit("change and delete");
    repo.write("added.txt", "first\nsecond\n");
    String head = repo.commit("grow the added file");
    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));

    assertFollowedByPathsAlike(parsed, applied);

    GitAgreement.assertContents(applied, repo.tree(base), repo.tree(head));
    assertThat(applied.files()).extracting(AppliedFile::status, AppliedFile::oldPath,
        AppliedFile::newPath).containsExactly(
            Tuple.tuple(FileStatus.RENAMED, "old.txt", "new.txt"),
            Tuple.tuple(FileStatus.ADDED, null, "added.txt"),
            Tuple.tuple(FileStatus.DELETED, "other.txt", null));
  }

  @Test
  void dropsAFileAddedAndDeletedWithinTheSeries() {
    repo.write("keep.txt", "k\n");
    String base = repo.commit("base");
    repo.write("temp.txt", "t\n");
    repo.commit("add temp");
    repo.delete("temp.txt");
    repo.write("keep.txt", "K\n");
    repo.commit("remove temp");
    ParsedDiff parsed = Diffs.parse(formatPatch(base));

    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));

    assertFollowedByPathsAlike(parsed, applied);

    assertThat(parsed.files()).extracting(FileDiff::path)
        .containsExactly("temp.txt", "keep.txt", "temp.txt");
    assertThat(applied.files()).extracting(AppliedFile::path).containsExactly("keep.txt");
  }

  @Test
  void appliesBinaryDataInAMail() {
    repo.write("pic.bin", new byte[] {0, 1, 2, 3, 4});
    String base = repo.commit("base");
    repo.write("pic.bin", new byte[] {0, 1, 2, 3, 4, 5});
    String head = repo.commit("grow the picture");

    AppliedDiff applied = Diffs.apply(Diffs.parse(formatPatch(base)), repo.sourceAt(base));

    assertThat(applied.files().get(0).patched()).hasValue(repo.tree(head).get("pic.bin"));
  }
}
