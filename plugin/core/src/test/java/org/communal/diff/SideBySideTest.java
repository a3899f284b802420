package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.communal.diff.Row.Kind;
import org.communal.diff.Row.Range;
import org.junit.jupiter.api.Test;

/** Rows, intra-line ranges, chunks with collapsed context, expansion, and rows from hunks. */
class SideBySideTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SideBySide view(String original, String patched) {
    return Diffs.sideBySide(original == null ? null : bytes(original),
        patched == null ? null : bytes(patched), RowOptions.DEFAULTS);
  }

  private static String numbered(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append("line ").append(i).append('\n');
    }
    return s.toString();
  }

  private static Row replace(int oldLine, int newLine, String oldText, String newText,
      List<Range> oldChanges, List<Range> newChanges) {
    return new Row(Kind.REPLACE, oldLine, newLine, oldText, newText, oldChanges, newChanges,
        false);
  }

  private static Row delete(int oldLine, String text) {
    return new Row(Kind.DELETE, oldLine, null, text, null, List.of(), List.of(), false);
  }

  private static Row insert(int newLine, String text) {
    return new Row(Kind.INSERT, null, newLine, null, text, List.of(), List.of(), false);
  }

  private static List<Range> whole(String s) {
    return List.of(new Range(0, s.length()));
  }

  @Test
  void buildsEqualReplaceAndInsertRows() {
    SideBySide v = view("a\nb\nc\nd\n", "a\nB\nc\ne\nf\n");

    assertThat(v.rows()).containsExactly(
        Row.equal(1, 1, "a", "a"),
        replace(2, 2, "b", "B", whole("b"), whole("B")),
        Row.equal(3, 3, "c", "c"),
        replace(4, 4, "d", "e", whole("d"), whole("e")),
        insert(5, "f"));
    assertThat(v.hasChanges()).isTrue();
  }

  @Test
  void pairsRemovedLinesWithAddedLinesThenDeletesTheRest() {
    SideBySide v = view("x\n1\n2\n3\ny\n", "x\nA\ny\n");

    assertThat(v.rows()).containsExactly(
        Row.equal(1, 1, "x", "x"),
        replace(2, 2, "1", "A", whole("1"), whole("A")),
        delete(3, "2"),
        delete(4, "3"),
        Row.equal(5, 3, "y", "y"));
  }

  @Test
  void marksTheChangedWordsOfAReplacedLine() {
    SideBySide v = view("int count = 0;\n", "long count = 0;\n");

    Row row = v.rows().get(0);
    assertThat(row.oldChanges()).containsExactly(new Range(0, 3));
    assertThat(row.newChanges()).containsExactly(new Range(0, 4));
  }

  @Test
  void marksAnInsertionInsideALineOnTheNewSideOnly() {
    SideBySide v = view("call(a, b);\n", "call(a, x, b);\n");

    Row row = v.rows().get(0);
    assertThat(row.oldChanges()).isEmpty();
    assertThat(row.newChanges()).containsExactly(new Range(8, 11));
    assertThat(row.newText().substring(8, 11)).isEqualTo("x, ");
  }

  @Test
  void marksTheWholeLineWhenLinesAreTooDifferent() {
    SideBySide v = view("alpha beta gamma\n", "delta epsilon\n");

    Row row = v.rows().get(0);
    assertThat(row.oldChanges()).isEqualTo(whole("alpha beta gamma"));
    assertThat(row.newChanges()).isEqualTo(whole("delta epsilon"));
  }

  @Test
  void marksTheWholeLineWhenALineIsVeryLong() {
    String longLine = "x".repeat(600);

    SideBySide v = view(longLine + "\n", longLine + "y\n");

    assertThat(v.rows().get(0).newChanges()).isEqualTo(whole(longLine + "y"));
  }

  @Test
  void collapsesUnchangedLinesBeyondThreeLinesOfContext() {
    SideBySide v = view(numbered(1, 20), numbered(1, 20).replace("line 10\n", "line ten\n"));

    assertThat(v.sections()).hasSize(3);
    assertThat(v.sections().get(0)).isEqualTo(new Section.Collapsed(1, 6, 1, 6, true));
    Section.Chunk chunk = (Section.Chunk) v.sections().get(1);
    assertThat(chunk.rows()).extracting(Row::oldLine).containsExactly(7, 8, 9, 10, 11, 12, 13);
    assertThat(v.sections().get(2)).isEqualTo(new Section.Collapsed(14, 20, 14, 20, true));
  }

  @Test
  void keepsChangesCloserThanTwiceTheContextInOneChunk() {
    String patched = numbered(1, 20).replace("line 5\n", "five\n").replace("line 11\n", "");

    SideBySide v = view(numbered(1, 20), patched);

    assertThat(v.sections()).hasSize(3);
    Section.Chunk chunk = (Section.Chunk) v.sections().get(1);
    assertThat(chunk.rows()).extracting(Row::oldLine).containsExactly(2, 3, 4, 5, 6, 7, 8, 9,
        10, 11, 12, 13, 14);
    assertThat(v.sections().get(2)).isEqualTo(new Section.Collapsed(15, 20, 14, 19, true));
  }

  @Test
  void takesTheContextFromTheOptions() {
    SideBySide v = Diffs.sideBySide(bytes(numbered(1, 9)),
        bytes(numbered(1, 9).replace("line 5\n", "five\n")), RowOptions.DEFAULTS.withContext(1));

    assertThat(v.sections()).containsExactly(new Section.Collapsed(1, 3, 1, 3, true),
        new Section.Chunk(v.rows().subList(3, 6)), new Section.Collapsed(7, 9, 7, 9, true));
  }

  @Test
  void expandsACollapsedRangeOnRequest() {
    SideBySide v = view(numbered(1, 20), numbered(1, 20).replace("line 10\n", "line ten\n"));

    assertThat(v.expand(2, 4)).containsExactly(Row.equal(2, 2, "line 2", "line 2"),
        Row.equal(3, 3, "line 3", "line 3"), Row.equal(4, 4, "line 4", "line 4"));
    assertThatThrownBy(() -> v.expand(9, 11)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 10 is changed");
    assertThatThrownBy(() -> v.expand(19, 21)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this view knows original lines up to 20");
    assertThatThrownBy(() -> v.expand(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesARangeBeyondTheFileBeforeAllocatingIt() {
    SideBySide v = view(numbered(1, 20), numbered(1, 20).replace("line 10\n", "line ten\n"));

    assertThat(v.oldLineCount()).isEqualTo(20);
    assertThatThrownBy(() -> v.expand(1, 2_000_000_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot expand original lines 1..2000000000: this view knows original lines"
            + " up to 20; expand only the lines of a collapsed section");
  }

  @Test
  void showsEverythingInOneChunkWithTheLargestContext() {
    SideBySide v = Diffs.sideBySide(bytes(numbered(1, 9)),
        bytes(numbered(1, 9).replace("line 5\n", "line five\n")),
        RowOptions.DEFAULTS.withContext(Integer.MAX_VALUE));

    assertThat(v.sections()).containsExactly(new Section.Chunk(v.rows()));
  }

  @Test
  void collapsesAFileWithoutChangesWhole() {
    SideBySide v = view("a\nb\n", "a\nb\n");

    assertThat(v.hasChanges()).isFalse();
    assertThat(v.sections()).containsExactly(new Section.Collapsed(1, 2, 1, 2, true));
  }

  @Test
  void ignoresWhitespaceWhenAsked() {
    SideBySide v = Diffs.sideBySide(bytes("a  b\nc\n"), bytes("a b\nC\n"),
        RowOptions.DEFAULTS.withIgnoreWhitespace(true));

    assertThat(v.rows()).containsExactly(Row.equal(1, 1, "a  b", "a b"),
        replace(2, 2, "c", "C", whole("c"), whole("C")));
  }

  @Test
  void fallsBackToLatin1ForBytesThatAreNotUtf8() {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '\n'};

    SideBySide v = Diffs.sideBySide(latin1, bytes("café\n"), RowOptions.DEFAULTS);

    assertThat(v.oldEncoding()).isEqualTo(TextEncoding.ISO_8859_1);
    assertThat(v.newEncoding()).isEqualTo(TextEncoding.UTF_8);
    assertThat(v.rows()).containsExactly(replace(1, 1, "café", "café", List.of(), List.of()));
  }

  @Test
  void showsALineEndingChangeAsAReplaceWithNothingMarked() {
    SideBySide v = view("a\r\nb\n", "a\nb\n");

    assertThat(v.rows()).containsExactly(replace(1, 1, "a", "a", List.of(), List.of()),
        Row.equal(2, 2, "b", "b"));
  }

  @Test
  void showsAnAddedFileAsInsertsAndADeletedFileAsDeletes() {
    assertThat(view(null, "x\ny\n").rows()).containsExactly(insert(1, "x"), insert(2, "y"));
    assertThat(view("x\n", null).rows()).containsExactly(delete(1, "x"));
  }

  @Test
  void buildsRowsFromHunksAloneWithGapsThatCannotBeExpanded() {
    ParsedDiff parsed = Diffs.parse(bytes("""
        diff --git a/f.txt b/f.txt
        index 1111111..2222222 100644
        --- a/f.txt
        +++ b/f.txt
        @@ -2,3 +2,3 @@
         l2
        -l3
        +L3
         l4
        @@ -8,3 +8,2 @@
         l8
        -l9
        -l10
        +L9
        """));

    SideBySide v = Diffs.sideBySideOfHunks(parsed.files().get(0));

    assertThat(v.sections()).containsExactly(
        new Section.Collapsed(1, 1, 1, 1, false),
        new Section.Chunk(List.of(Row.equal(2, 2, "l2", "l2"),
            replace(3, 3, "l3", "L3", List.of(new Range(0, 2)), List.of(new Range(0, 2))),
            Row.equal(4, 4, "l4", "l4"))),
        new Section.Collapsed(5, 7, 5, 7, false),
        new Section.Chunk(List.of(Row.equal(8, 8, "l8", "l8"),
            replace(9, 9, "l9", "L9", List.of(new Range(0, 2)), List.of(new Range(0, 2))),
            delete(10, "l10"))));
    assertThatThrownBy(() -> v.expand(5, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not known");
  }

  @Test
  void rowsFromAHunkFarDownAFileTakeMemoryForTheirLinesOnly() {
    ParsedDiff parsed = Diffs.parse(bytes("""
        diff --git a/f.txt b/f.txt
        index 1111111..2222222 100644
        --- a/f.txt
        +++ b/f.txt
        @@ -999999990,2 +999999990,2 @@
         far
        -away
        +AWAY
        """));

    // Sized by the line numbers, each view would take 4 GB: sixteen would not fit any heap.
    List<SideBySide> views = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      views.add(Diffs.sideBySideOfHunks(parsed.files().get(0)));
    }
    SideBySide v = views.get(15);

    assertThat(v.oldLineCount()).isEqualTo(999_999_991);
    assertThat(v.expand(999_999_990, 999_999_990))
        .containsExactly(Row.equal(999_999_990, 999_999_990, "far", "far"));
  }

  @Test
  void rowsFromHunksMatchRowsFromWholeFilesWhereTheyOverlap() {
    String original = numbered(1, 30);
    String patched = original.replace("line 4\n", "line four\n").replace("line 20\n", "");
    ParsedDiff parsed = Diffs.parse(bytes(DIFF_OF_LINE_4_AND_20));

    List<Row> fromHunks = Diffs.sideBySideOfHunks(parsed.files().get(0)).rows();
    List<Row> whole = view(original, patched).rows();

    assertThat(whole).containsAll(fromHunks);
    assertThat(fromHunks).filteredOn(r -> r.kind() != Kind.EQUAL)
        .containsExactlyElementsOf(whole.stream().filter(r -> r.kind() != Kind.EQUAL).toList());
  }

  /** What git diff writes for the change above. */
  private static final String DIFF_OF_LINE_4_AND_20 = """
      diff --git a/f.txt b/f.txt
      --- a/f.txt
      +++ b/f.txt
      @@ -1,7 +1,7 @@
       line 1
       line 2
       line 3
      -line 4
      +line four
       line 5
       line 6
       line 7
      @@ -17,7 +17,6 @@
       line 17
       line 18
       line 19
      -line 20
       line 21
       line 22
       line 23
      """;
}
