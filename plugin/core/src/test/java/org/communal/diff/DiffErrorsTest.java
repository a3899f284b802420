package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.assertj.core.groups.Tuple;
import org.eclipse.jgit.util.io.BinaryHunkOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each error code with a specific bad input, and the line, file and hunk it names. */
class DiffErrorsTest {
  @TempDir Path tmp;

  private static final String TWO_HUNKS = """
      diff --git a/f.txt b/f.txt
      index 1111111..2222222 100644
      --- a/f.txt
      +++ b/f.txt
      @@ -1,4 +1,4 @@
       l1
      -l2
      +L2
       l3
       l4
      @@ -8,3 +8,3 @@
       l8
      -l9
      +L9
       l10
      """;

  private static DiffException parseFails(String upload) {
    return parseFails(upload, DiffLimits.DEFAULTS);
  }

  private static DiffException parseFails(String upload, DiffLimits limits) {
    return catchThrowableOfType(DiffException.class,
        () -> Diffs.parse(upload.getBytes(StandardCharsets.UTF_8), limits));
  }

  private static DiffException applyFails(String upload, Map<String, String> base) {
    ParsedDiff parsed = Diffs.parse(upload.getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> files = new HashMap<>();
    base.forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return catchThrowableOfType(DiffException.class,
        () -> Diffs.apply(parsed, FileSource.of(files)));
  }

  /** What real {@code git apply --check} says about an upload, in an empty repository. */
  private String gitApplyCheck(String upload) {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"));
    Throwable refused = catchThrowable(() -> repo.gitWithInput(
        upload.getBytes(StandardCharsets.UTF_8), "apply", "--check"));
    assertThat(refused).as("git apply --check accepted the upload").isNotNull();
    return refused.getMessage();
  }

  private static String lines(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append('l').append(i).append('\n');
    }
    return s.toString();
  }

  @Test
  void rejectsAnEmptyUploadAsDiffEmpty() {
    DiffException e = parseFails(" \n\n");

    assertThat(e.code()).isEqualTo("diff-empty");
    assertThat(e.getMessage()).isEqualTo("diff-empty: the upload is empty; upload the output of"
        + " git diff or git format-patch");
  }

  @Test
  void rejectsTextWithoutFileChangesAsDiffEmpty() {
    DiffException e = parseFails("hello\nworld\nthis is no diff\n");

    assertThat(e.code()).isEqualTo("diff-empty");
    assertThat(e.problems().get(0).message()).contains("in the 3 lines of the upload")
        .contains("no line starts with 'diff --git'");
  }

  @Test
  void rejectsAFormatPatchOfAnEmptyCommitAsDiffEmpty() {
    DiffException e = parseFails("""
        From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
        From: Ann Author <ann@example.com>
        Subject: [PATCH] Nothing at all

        ---
        --\s
        2.39.5
        """);

    assertThat(e.code()).isEqualTo("diff-empty");
  }

  @Test
  void namesEveryBrokenLimitWithItsValueAndTheLimit() {
    String upload = TWO_HUNKS + TWO_HUNKS.replace("f.txt", "g.txt");

    DiffException e = parseFails(upload, new DiffLimits(100, 1, 20));

    assertThat(e.code()).isEqualTo("diff-too-big");
    assertThat(e.problems()).extracting(DiffProblem::message).containsExactly(
        "the upload has " + upload.length() + " bytes; the limit is 100 bytes; split the change"
            + " into smaller ones",
        "the upload has 30 lines; the limit is 20 lines; split the change or use less context",
        "the upload changes 2 files; the limit is 1 files; split the change into smaller ones");
  }

  @Test
  void acceptsAnUploadExactlyAtTheLimits() {
    ParsedDiff parsed = Diffs.parse(TWO_HUNKS.getBytes(StandardCharsets.UTF_8),
        new DiffLimits(TWO_HUNKS.length(), 1, 15));

    assertThat(parsed.files()).hasSize(1);
  }

  @Test
  void reportsAHunkCutShortByAForeignLineAtThatLine() {
    DiffException e = parseFails("""
        diff --git a/f.txt b/f.txt
        index 1111111..2222222 100644
        --- a/f.txt
        +++ b/f.txt
        @@ -1,3 +1,3 @@
         a
        -b
        GARBAGE
        +B
         c
        """);

    assertThat(e.code()).isEqualTo("diff-parse-error");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(8, "f.txt", 1));
    assertThat(e.getMessage()).startsWith("diff-parse-error: line 8: hunk 1 of f.txt (header at"
        + " line 5) promises 3 old and 3 new lines but its body stops at line 8 ('GARBAGE'),"
        + " which is not a hunk line");
  }

  @Test
  void reportsAHunkTruncatedByTheEndOfTheUploadAtItsHeader() {
    DiffException e = parseFails(TWO_HUNKS.substring(0, TWO_HUNKS.indexOf(" l10")));

    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(11, 2));
    assertThat(e.problems().get(0).message()).contains("stops at the end of the upload after 2"
        + " old and 2 new lines");
  }

  @Test
  void reportsAHunkWithMoreLinesThanItsHeaderSays() {
    DiffException e = parseFails("""
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ -1,2 +1,2 @@
        -b
        +B
         c
         d
        """);

    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(8);
    assertThat(e.problems().get(0).message()).contains("line 8 (' d') is one too many");
  }

  @Test
  void reportsAMalformedHunkHeader() {
    DiffException e = parseFails("""
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ -1,x +1,2 @@
        -b
        +B
        """);

    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(4);
    assertThat(e.problems().get(0).message()).contains("malformed header");
  }

  @Test
  void reportsAHunkHeaderJgitDoesNotRecognise() {
    DiffException e = parseFails("""
        diff --git a/f.txt b/f.txt
        --- a/f.txt
        +++ b/f.txt
        @@ one two @@
        -b
        +B
        """);

    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(4, 1));
  }

  @Test
  void reportsAHunkOutsideAnyFile() {
    DiffException e = parseFails("""
        some notes
        @@ -1 +1 @@
        -a
        +b
        """);

    assertThat(e.code()).isEqualTo("diff-parse-error");
    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(2);
    assertThat(e.problems().get(0).message()).contains("Hunk disconnected from file");
  }

  @Test
  void reportsCorruptBinaryDataAtItsLine() {
    DiffException e = parseFails("""
        diff --git a/b.bin b/b.bin
        index 677273046bce3115f56c248238f3b83f77cfc239..4e0e1df897e1d1c62cc34ba4198ecc6c02b2c878 100644
        GIT binary patch
        literal 7
        OcmZQzWKPP=GXek!!!!!!

        """);

    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
        .containsExactly(Tuple.tuple(4, "b.bin"));
    assertThat(e.problems().get(0).message()).contains("binary patch data of b.bin is corrupt");
  }

  @Test
  void refusesBinaryDataThatDecodesToMoreThanTheLimitWithoutDecodingIt() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(new BinaryHunkOutputStream(data))) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        out.write(zeros);
      }
    }
    String upload = "diff --git a/z.bin b/z.bin\nnew file mode 100644\nindex 0000000..1111111\n"
        + "GIT binary patch\nliteral 104857600\n" + data.toString(StandardCharsets.US_ASCII)
        + "\nliteral 0\nHcmV?d00001\n\n";

    DiffException e = parseFails(upload);

    assertThat(e.code()).isEqualTo("diff-too-big");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
        .containsExactly(Tuple.tuple(5, "z.bin"));
    assertThat(e.problems().get(0).message()).isEqualTo("the GIT binary patch data of z.bin"
        + " decodes to 104857600 bytes, which brings the upload's binary data to 104857600"
        + " bytes; the limit is 67108864 bytes in all; leave big binary files out of the diff"
        + " (git diff without --binary) or split the change");
  }

  /** {@code size} zero bytes, deflated and base85-encoded as the lines of a binary hunk. */
  private static String deflatedZeros(long size) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(new BinaryHunkOutputStream(data))) {
      byte[] zeros = new byte[1 << 20];
      for (long left = size; left > 0; left -= zeros.length) {
        out.write(zeros, 0, (int) Math.min(left, zeros.length));
      }
    }
    return data.toString(StandardCharsets.US_ASCII);
  }

  /** The bytes the current thread allocates while it parses {@code upload}, which must fail. */
  private static long bytesAllocatedRefusing(String upload) {
    byte[] raw = upload.getBytes(StandardCharsets.UTF_8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    DiffException e = catchThrowableOfType(DiffException.class,
        () -> Diffs.parse(raw, DiffLimits.DEFAULTS));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(e).as("parsing the upload must fail").isNotNull();
    assertThat(e.code()).isIn("diff-parse-error", "diff-too-big");
    return allocated;
  }

  private static String binaryEntry(String path) {
    return "diff --git a/" + path + " b/" + path + "\nindex 1111111..2222222 100644\n"
        + "GIT binary patch\n";
  }

  @Test
  void refusesANegativeBinaryHunkSizeAtItsLine() {
    DiffException e = parseFails(binaryEntry("n.bin") + "literal -2000000000\nHcmV?d00001\n\n"
        + "literal 0\nHcmV?d00001\n\n");

    assertThat(e.code()).isEqualTo("diff-parse-error");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
        .containsExactly(Tuple.tuple(4, "n.bin"));
    assertThat(e.problems().get(0).message()).isEqualTo("the binary hunk header of n.bin at"
        + " line 4 ('literal -2000000000') does not declare a size: '-2000000000' is not a"
        + " decimal number of bytes; upload the diff as git wrote it");
  }

  @Test
  void refusesABinaryHunkSizeTooBigForJgitAsOverTheLimit() {
    DiffException e = parseFails(binaryEntry("o.bin") + "literal 99999999999\nHcmV?d00001\n\n"
        + "literal 0\nHcmV?d00001\n\n");

    assertThat(e.code()).isEqualTo("diff-too-big");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
        .containsExactly(Tuple.tuple(4, "o.bin"));
    assertThat(e.problems().get(0).message()).startsWith("the GIT binary patch data of o.bin"
        + " decodes to 99999999999 bytes, which brings the upload's binary data to 99999999999"
        + " bytes; the limit is 67108864 bytes in all");
  }

  @Test
  void aNegativeHunkSizeGivesNoCreditToALargeHunkAfterIt() throws IOException {
    long size = 1_500_000_000L;
    String upload = binaryEntry("z.bin") + "literal -2000000000\nHcmV?d00001\n\n"
        + "literal " + size + "\n" + deflatedZeros(size) + "\n";

    long allocated = bytesAllocatedRefusing(upload);

    // The upload is 2 MB; decoding the second hunk would allocate 1.5 GB.
    assertThat(allocated).isLessThan(100L << 20);
  }

  private static String adding(String path) {
    return "diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n"
        + "index 0000000..45b983b\n--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+hi\n";
  }

  @Test
  void refusesPathsOutsideTheRepositoryOrInsideGitsOwnDirectoryAsGitApplyDoes() {
    for (String path : List.of("../evil", "a/../../evil", ".git/hooks/post-checkout",
        "sub/.GIT/config", "./x")) {
      DiffException e = parseFails(TWO_HUNKS + adding(path));

      assertThat(gitApplyCheck(adding(path))).as(path).contains("invalid path '" + path + "'");
      assertThat(e.code()).as(path).isEqualTo("diff-bad-path");
      assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
          .containsExactly(Tuple.tuple(16, path));
    }
    DiffException e = parseFails(adding("../evil"));
    assertThat(e.problems().get(0).message()).isEqualTo("invalid path '../evil' (git apply"
        + " refuses it too): its '..' would reach outside the repository; a diff names files"
        + " from the repository's root, as git diff writes them");
    assertThat(parseFails(adding("/etc/passwd")).problems().get(0).message())
        .startsWith("invalid path '/etc/passwd' (git apply refuses it too): it is absolute;");
  }

  @Test
  void reportsADiffHeaderWhosePathsCannotBeRead() {
    DiffException e = parseFails(TWO_HUNKS + "diff --git nonsense\n");

    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(16);
    assertThat(e.problems().get(0).message()).contains("cannot read the two paths");
  }

  @Test
  void reportsEveryBrokenFileAtOnce() {
    String broken = TWO_HUNKS.replace("+L9\n", "junk\n");

    DiffException e = parseFails(broken + broken.replace("f.txt", "g.txt"));

    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(14, "f.txt", 2), Tuple.tuple(29, "g.txt", 2));
  }

  @Test
  void refusesAnEntryWithGarbageInsteadOfHunksAtTheGarbageLine() {
    String upload = """
        diff --git a/x.txt b/x.txt
        index 1234567..89abcde 100644
        this is not a diff
        """;

    DiffException e = parseFails(upload);

    assertThat(gitApplyCheck(upload)).contains("patch with only garbage at line 3");
    assertThat(e.code()).isEqualTo("diff-parse-error");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path)
        .containsExactly(Tuple.tuple(3, "x.txt"));
    assertThat(e.problems().get(0).message()).isEqualTo("x.txt (diff --git at line 1) has no"
        + " hunk, no binary data and no change of name or mode: line 3 ('this is not a diff') is"
        + " not part of a diff, and git apply refuses such an entry as garbage; upload the output"
        + " of git diff or git format-patch unchanged");
  }

  @Test
  void refusesADiffHeaderFollowedByTextThatIsNoDiff() {
    String upload = "diff --git a/x.txt b/x.txt\nthis is not a diff\nat all\n";

    DiffException e = parseFails(upload);

    assertThat(gitApplyCheck(upload)).contains("No valid patches in input");
    assertThat(e.code()).isEqualTo("diff-parse-error");
    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(2);
  }

  @Test
  void refusesAnEntryWhoseHunksAreMissingAtTheEndOfTheUpload() {
    String upload = TWO_HUNKS.substring(0, TWO_HUNKS.indexOf("@@"));

    DiffException e = parseFails(upload);

    assertThat(gitApplyCheck(upload)).contains("patch with only garbage at line 5");
    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(5);
    assertThat(e.problems().get(0).message()).contains("the end of the upload is not part of");
  }

  @Test
  void stillAcceptsBinaryFilesWithAndWithoutData() {
    ParsedDiff parsed = Diffs.parse("""
        diff --git a/b.bin b/b.bin
        index 1111111..2222222 100644
        Binary files a/b.bin and b/b.bin differ
        diff --git a/c.bin b/c.bin
        new file mode 100644
        index 0000000000000000000000000000000000000000..4e0e1df897e1d1c62cc34ba4198ecc6c02b2c878
        GIT binary patch
        literal 6
        NcmZQzWJ=1+0{{Yf0X+Z!

        literal 0
        HcmV?d00001

        """.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.files()).extracting(FileDiff::payload).containsExactly(
        FileDiff.Payload.BINARY_WITHOUT_DATA, FileDiff.Payload.BINARY_WITH_DATA);
  }

  @Test
  void rejectsAnUploadConvertedToWindowsLineEnds() {
    DiffException e = parseFails(TWO_HUNKS.replace("\n", "\r\n"));

    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(1);
    assertThat(e.problems().get(0).message()).contains("ends in CR LF");
  }

  @Test
  void reportsAMalformedIndexLine() {
    DiffException e = parseFails(TWO_HUNKS.replace("index 1111111..2222222", "index 11..zz"));

    assertThat(e.problems()).extracting(DiffProblem::line).containsExactly(2);
    assertThat(e.problems().get(0).message()).contains("the index line 'index 11..zz 100644'"
        + " is malformed");
  }

  @Test
  void namesTheFileHunkAndLineWhereContextDoesNotMatch() {
    DiffException e = applyFails(TWO_HUNKS, Map.of("f.txt", lines(1, 9) + "ten\n"));

    assertThat(e.code()).isEqualTo("diff-does-not-apply");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::path, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(15, "f.txt", 2));
    assertThat(e.problems().get(0).message()).isEqualTo("hunk 2 of f.txt (@@ -8,3 +8,3 @@ at"
        + " line 11 of the upload) does not apply: at line 10 of the original the hunk expects"
        + " 'l10' but the file has 'ten', and the hunk matches nowhere else in the file; the diff"
        + " was made against a different version of f.txt: make it against the base commit");
  }

  @Test
  void saysWhenOnlyTheLineEndDiffers() {
    DiffException e = applyFails(TWO_HUNKS, Map.of("f.txt", lines(1, 9) + "l10"));

    assertThat(e.problems().get(0).message()).contains("expects 'l10' but the file has 'l10'"
        + " (with no newline at end of file)");
  }

  @Test
  void reportsEveryFileThatDoesNotApply() {
    String upload = TWO_HUNKS + TWO_HUNKS.replace("f.txt", "g.txt");

    DiffException e = applyFails(upload, Map.of("f.txt", "other\n"));

    assertThat(e.problems()).extracting(DiffProblem::path, DiffProblem::hunk).containsExactly(
        Tuple.tuple("f.txt", 1), Tuple.tuple("f.txt", 2), Tuple.tuple("g.txt", 0));
    assertThat(e.problems().get(2).message()).isEqualTo("g.txt does not exist in the base, but"
        + " the diff changes it; make the diff against the base commit");
    assertThat(e.problems().get(2).line()).isEqualTo(16);
  }

  @Test
  void refusesHunksWithoutContextAtTheirHeaderLines() {
    GitRepo repo = GitRepo.init(tmp.resolve("u0"));
    repo.write("f.txt", lines(1, 20));
    repo.commit("twenty lines");
    repo.write("f.txt", lines(1, 20).replace("l10\n", "L10\n").replace("l15\n", "L15\n"));
    String upload = repo.git("diff", "-U0");

    DiffException e = applyFails(upload, Map.of("f.txt", lines(1, 20)));

    assertThat(upload.lines().toList().subList(4, 8)).containsExactly("@@ -10 +10 @@ l9", "-l10",
        "+L10", "@@ -15 +15 @@ l14");
    assertThat(e.code()).isEqualTo("diff-does-not-apply");
    assertThat(e.problems()).extracting(DiffProblem::line, DiffProblem::hunk)
        .containsExactly(Tuple.tuple(5, 1), Tuple.tuple(8, 2));
    assertThat(e.problems().get(0).message()).isEqualTo("hunk 1 of f.txt (@@ -10,1 +10,1 @@ at"
        + " line 5 of the upload) does not apply: it has no context lines after its changes, so"
        + " it must match at the end of the file (as git apply requires without"
        + " --unidiff-zero), but it matches at line 10 and the original has 10 more lines after"
        + " line 10; make the diff with context lines (not -U0) against the base commit");
  }

  @Test
  void refusesToAddAFileThatExists() {
    DiffException e = applyFails("""
        diff --git a/n.txt b/n.txt
        new file mode 100644
        index 0000000..1111111
        --- /dev/null
        +++ b/n.txt
        @@ -0,0 +1 @@
        +n
        """, Map.of("n.txt", "already\n"));

    assertThat(e.problems().get(0).message()).startsWith("n.txt already exists in the base");
  }

  @Test
  void refusesToDeleteAFileWithMoreLinesThanTheDiffRemoves() {
    DiffException e = applyFails("""
        diff --git a/d.txt b/d.txt
        deleted file mode 100644
        index 1111111..0000000
        --- a/d.txt
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -a
        -b
        """, Map.of("d.txt", "a\nb\nc\n"));

    assertThat(e.problems()).extracting(DiffProblem::path, DiffProblem::hunk)
        .containsExactly(Tuple.tuple("d.txt", 1));
    assertThat(e.problems().get(0).message()).contains("must match at the end of the file")
        .contains("has 1 more lines after line 2");
  }

  @Test
  void refusesABinaryPatchForAnotherBase() {
    String upload = """
        diff --git a/b.bin b/b.bin
        index 677273046bce3115f56c248238f3b83f77cfc239..4e0e1df897e1d1c62cc34ba4198ecc6c02b2c878 100644
        GIT binary patch
        literal 7
        OcmZQzWKPP=GXeku?E!EA

        literal 6
        NcmZQzWJ=1+0{{Yf0X+Z!

        """;

    DiffException e = applyFails(upload, Map.of("b.bin", "not the base"));

    assertThat(e.problems().get(0).message()).contains("the base has blob id")
        .contains("but the diff's index line says 677273046bce3115f56c248238f3b83f77cfc239");
  }
}
