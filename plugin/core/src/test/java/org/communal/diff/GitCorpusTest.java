package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each case makes a real repository, commits a base, changes it, and checks that parsing and
 * applying {@code git diff} output agrees with git: statuses, paths and counts with
 * {@code --name-status} and {@code --numstat}, patched bytes with the committed tree.
 */
class GitCorpusTest {
  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void createRepository() {
    repo = GitRepo.init(tmp.resolve("repo"));
  }

  private static String lines(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append("line ").append(i).append('\n');
    }
    return s.toString();
  }

  @Test
  void parsesAModifiedFileWithTwoHunks() {
    repo.write("f.txt", lines(1, 40));
    String base = repo.commit("base");
    repo.write("f.txt", lines(1, 40).replace("line 3\n", "line three\n")
        .replace("line 30\n", "line 30\nline 30.5\n"));
    String head = repo.commit("change");

    AppliedDiff applied = GitAgreement.check(repo, base, head);

    FileDiff f = applied.files().get(0).diffs().get(0);
    assertThat(f.status()).isEqualTo(FileStatus.MODIFIED);
    assertThat(f.hunks()).extracting(Hunk::oldStart, Hunk::oldCount, Hunk::newStart,
        Hunk::newCount).containsExactly(Tuple.tuple(1, 6, 1, 6),
        Tuple.tuple(28, 6, 28, 7));
    assertThat(f.oldMode()).isEqualTo("100644");
    assertThat(f.oldId()).isNotNull().isNotEqualTo(f.newId());
  }

  @Test
  void parsesARenameWithChangedContent() {
    repo.write("old/name.txt", lines(1, 20));
    String base = repo.commit("base");
    repo.delete("old/name.txt");
    repo.write("new/name.txt", lines(1, 20).replace("line 10\n", "line ten\n"));
    String head = repo.commit("rename");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "-M");

    AppliedFile f = applied.files().get(0);
    assertThat(f.status()).isEqualTo(FileStatus.RENAMED);
    assertThat(f.oldPath()).isEqualTo("old/name.txt");
    assertThat(f.newPath()).isEqualTo("new/name.txt");
    assertThat(f.diffs().get(0).similarity()).isBetween(50, 99);
  }

  @Test
  void parsesAPureRenameWithoutHunks() {
    repo.write("a.txt", lines(1, 5));
    String base = repo.commit("base");
    repo.git("mv", "a.txt", "b.txt");
    String head = repo.commit("rename");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "-M");

    FileDiff f = applied.files().get(0).diffs().get(0);
    assertThat(f.similarity()).isEqualTo(100);
    assertThat(f.hunks()).isEmpty();
    assertThat(f.oldMode()).as("a pure rename states no mode").isNull();
  }

  @Test
  void parsesACopyWithItsSource() {
    repo.write("src.txt", lines(1, 30));
    String base = repo.commit("base");
    repo.write("copy.txt", lines(1, 30).replace("line 1\n", "line one\n"));
    String head = repo.commit("copy");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "-C", "--find-copies-harder");

    AppliedFile copy = applied.file("copy.txt").orElseThrow();
    assertThat(copy.status()).isEqualTo(FileStatus.COPIED);
    assertThat(copy.oldPath()).isEqualTo("src.txt");
    assertThat(new String(copy.original().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo(lines(1, 30));
  }

  @Test
  void parsesAModeChangeAsModifiedWithBothModes() {
    repo.write("run.sh", "echo hi\n");
    String base = repo.commit("base");
    repo.setExecutable("run.sh", true);
    String head = repo.commit("chmod");

    AppliedDiff applied = GitAgreement.check(repo, base, head);

    FileDiff f = applied.files().get(0).diffs().get(0);
    assertThat(f.status()).isEqualTo(FileStatus.MODIFIED);
    assertThat(f.oldMode()).isEqualTo("100644");
    assertThat(f.newMode()).isEqualTo("100755");
    assertThat(f.hunks()).isEmpty();
  }

  @Test
  void parsesNewAndDeletedFilesWithANullSide() {
    repo.write("gone.txt", lines(1, 3));
    String base = repo.commit("base");
    repo.delete("gone.txt");
    repo.write("new.txt", "something else\n");
    String head = repo.commit("add and delete");

    AppliedDiff applied = GitAgreement.check(repo, base, head);

    FileDiff gone = applied.file("gone.txt").orElseThrow().diffs().get(0);
    assertThat(gone.status()).isEqualTo(FileStatus.DELETED);
    assertThat(gone.newPath()).isNull();
    assertThat(gone.newMode()).isNull();
    assertThat(gone.oldMode()).isEqualTo("100644");
    FileDiff added = applied.file("new.txt").orElseThrow().diffs().get(0);
    assertThat(added.oldPath()).isNull();
    assertThat(added.oldId()).isNull();
    assertThat(applied.file("new.txt").orElseThrow().original()).isEmpty();
  }

  @Test
  void parsesEmptyFilesAddedAndDeleted() {
    repo.write("empty-gone", "");
    String base = repo.commit("base");
    repo.delete("empty-gone");
    repo.write("dir/empty-new", "");
    String head = repo.commit("empty files");

    // Without -M git would pair two empty files as a rename.
    AppliedDiff applied = GitAgreement.check(repo, base, head, "--no-renames");

    assertThat(applied.files()).extracting(AppliedFile::status)
        .containsExactlyInAnyOrder(FileStatus.ADDED, FileStatus.DELETED);
    assertThat(applied.file("dir/empty-new").orElseThrow().patched()).hasValue(new byte[0]);
  }

  @Test
  void appliesLiteralAndDeltaBinaryPatches() {
    byte[] big = new byte[20_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + i / 7);
    }
    repo.write("big.bin", big);
    repo.write("small.bin", new byte[] {0, 1, 2, 3});
    String base = repo.commit("base");
    big[100] ^= 0x55;
    repo.write("big.bin", big);
    repo.write("small.bin", new byte[] {0, 9, 9});
    repo.write("added.bin", new byte[] {0, 0, 7});
    String head = repo.commit("binary changes");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "--binary");

    String raw = repo.git("diff", "--binary", base, head);
    assertThat(raw).contains("delta ").contains("literal ");
    assertThat(applied.files()).allSatisfy(f -> {
      assertThat(f.binary()).isTrue();
      assertThat(f.diffs().get(0).payload()).isEqualTo(FileDiff.Payload.BINARY_WITH_DATA);
    });
  }

  @Test
  void marksBinaryFilesWithoutDataAsNotViewable() {
    repo.write("img.bin", new byte[] {0, 1, 2});
    String base = repo.commit("base");
    repo.write("img.bin", new byte[] {0, 1, 3});
    String head = repo.commit("change");
    ParsedDiff parsed = Diffs.parse(repo.gitBytes("diff", base, head));

    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));

    AppliedFile f = applied.files().get(0);
    assertThat(f.diffs().get(0).payload()).isEqualTo(FileDiff.Payload.BINARY_WITHOUT_DATA);
    assertThat(f.contentKnown()).isFalse();
    assertThat(f.patched()).isEmpty();
    assertThat(f.original()).hasValue(new byte[] {0, 1, 2});
    GitAgreement.assertMetadata(repo, parsed, base, head);
  }

  @Test
  void keepsAMissingNewlineAtEndOfFile() {
    repo.write("a.txt", "one\ntwo\nthree");
    repo.write("b.txt", "one\ntwo\n");
    String base = repo.commit("base");
    repo.write("a.txt", "one\nTWO\nthree");
    repo.write("b.txt", "one\ntwo");
    String head = repo.commit("newlines");

    AppliedDiff applied = GitAgreement.check(repo, base, head);

    List<Hunk.Line> lines = applied.file("a.txt").orElseThrow().diffs().get(0).hunks().get(0)
        .lines();
    assertThat(lines.get(lines.size() - 1).noNewlineAtEnd()).isTrue();
    assertThat(applied.file("b.txt").orElseThrow().patched()).hasValue(
        "one\ntwo".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsCarriageReturnsInContentLines() {
    repo.write("dos.txt", "one\r\ntwo\r\nthree\r\n");
    String base = repo.commit("base");
    repo.write("dos.txt", "one\r\nTWO\r\nthree\n");
    String head = repo.commit("crlf");

    AppliedDiff applied = GitAgreement.check(repo, base, head);

    FileDiff f = applied.files().get(0).diffs().get(0);
    assertThat(f.hunks().get(0).lines()).extracting(Hunk.Line::text)
        .containsExactly("one", "two", "three", "TWO", "three");
  }

  @Test
  void decodesQuotedNonAsciiPaths() {
    repo.write("ä/ö.txt", "x\n");
    String base = repo.commit("base");
    repo.write("ä/ö.txt", "y\n");
    repo.write("tab\tname.txt", "t\n");
    String head = repo.commit("unicode");

    String raw = repo.git("diff", base, head);
    assertThat(raw).contains("\"a/\\303\\244/\\303\\266.txt\"").contains("\"b/tab\\tname.txt\"");
    AppliedDiff applied = GitAgreement.check(repo, base, head);

    assertThat(applied.files()).extracting(AppliedFile::path)
        .containsExactlyInAnyOrder("ä/ö.txt", "tab\tname.txt");
  }

  @Test
  void keepsPathsThatAreNotUtf8AsGitsBytes() {
    repo.writeNamedByPrintf("bad\\377.txt", lines(1, 5));
    repo.writeNamedByPrintf("bad\\303\\277.txt", lines(1, 5)); // "badÿ.txt" in UTF-8
    String base = repo.commit("base");
    repo.writeNamedByPrintf("bad\\377.txt", lines(1, 5).replace("line 3\n", "line three\n"));
    repo.writeNamedByPrintf("bad\\303\\277.txt", lines(1, 5).replace("line 4\n", "line four\n"));
    String head = repo.commit("change");

    AppliedDiff quoted = GitAgreement.check(repo, base, head);
    AppliedDiff unquoted = GitAgreement.check(repo,
        repo.gitBytes("-c", "core.quotePath=false", "diff", base, head), base, head);

    for (AppliedDiff applied : List.of(quoted, unquoted)) {
      assertThat(applied.files()).extracting(AppliedFile::path)
          .containsExactly("bad\u00ff.txt", "\"bad\\377.txt\"");
    }
    assertThat(GitPath.bytes(quoted.files().get(1).path())).containsExactly(
        'b', 'a', 'd', 0xff, '.', 't', 'x', 't');
  }

  @Test
  void readsUnquotedNonAsciiPathsAndSpaces() {
    repo.write("dir with space/ü file.txt", "x\n");
    String base = repo.commit("base");
    repo.write("dir with space/ü file.txt", "y\n");
    String head = repo.commit("change");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "--no-renames");
    byte[] raw = repo.gitBytes("-c", "core.quotePath=false", "diff", base, head);
    ParsedDiff unquoted = Diffs.parse(raw);

    assertThat(applied.files().get(0).path()).isEqualTo("dir with space/ü file.txt");
    assertThat(unquoted.files().get(0).path()).isEqualTo("dir with space/ü file.txt");
  }

  @Test
  void parsesARenameOfAPathWithSpaces() {
    repo.write("old name.txt", lines(1, 10));
    String base = repo.commit("base");
    repo.delete("old name.txt");
    repo.write("new name.txt", lines(1, 10).replace("line 9", "line nine"));
    String head = repo.commit("rename");

    AppliedDiff applied = GitAgreement.check(repo, base, head, "-M");

    assertThat(applied.files().get(0).oldPath()).isEqualTo("old name.txt");
    assertThat(applied.files().get(0).newPath()).isEqualTo("new name.txt");
  }

  @Test
  void appliesAHunkThatMovedByAnOffset() {
    repo.write("f.txt", lines(1, 20));
    String base = repo.commit("base");
    repo.write("f.txt", lines(1, 20).replace("line 15\n", "line fifteen\n"));
    String head = repo.commit("change");
    ParsedDiff parsed = Diffs.parse(repo.gitBytes("diff", base, head));
    byte[] shifted = ("new top\nnew top 2\n" + lines(1, 20)).getBytes(StandardCharsets.UTF_8);

    AppliedDiff applied = Diffs.apply(parsed, FileSource.of(Map.of("f.txt", shifted)));

    assertThat(new String(applied.files().get(0).patched().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("new top\nnew top 2\n" + lines(1, 20).replace("line 15\n", "line fifteen\n"));
  }
}
