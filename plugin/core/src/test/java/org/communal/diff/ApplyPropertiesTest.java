package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random small trees committed in a real git repository, changed at random (line edits, line
 * ends, final newlines, renames, deletions, additions, mode changes, binary files), diffed with
 * {@code git diff -M --binary}: parsing and applying to the first commit must give exactly the
 * files of the second, and the metadata must agree with git's.
 */
class ApplyPropertiesTest {
  private static final List<String> PATHS = List.of("a.txt", "dir/b.txt", "dir/sub/c d.txt",
      "ü/e.txt", "f", "g.md");
  private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "",
      "  indented", "{", "}", "ä ö", "x = 1;", "return x;");
  private static Path root;
  private static final AtomicInteger TRIES = new AtomicInteger();

  /** One file: its lines, line ends, whether the last line ends, mode, and binary content. */
  record FileSpec(List<String> lines, boolean crlf, boolean finalNewline, boolean executable,
      boolean binary) {
    byte[] content() {
      String end = crlf ? "\r\n" : "\n";
      String text = String.join(end, lines) + (lines.isEmpty() || !finalNewline ? "" : end);
      return (binary ? text + "\0" : text).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** What happens to one base file. */
  enum Kind { KEEP, MODIFY, DELETE, RENAME, RENAME_AND_MODIFY, CHMOD, FLIP_FINAL_NEWLINE }

  /** One line edit: at a position (modulo the size), insert, delete, replace or flip its end. */
  record LineEdit(int position, int type, String text) {}

  record Change(Kind kind, List<LineEdit> edits) {}

  record Scenario(List<FileSpec> base, List<Change> changes, List<FileSpec> added) {}

  @BeforeContainer
  static void makeRoot() throws IOException {
    root = Files.createTempDirectory("diff-properties");
  }

  @AfterContainer
  static void removeRoot() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<FileSpec> file = Combinators.combine(Arbitraries.of(WORDS).list().ofMaxSize(25),
        Arbitraries.of(false, false, true), Arbitraries.of(true, true, false),
        Arbitraries.of(false, false, true), Arbitraries.of(false, false, false, false, true))
        .as(FileSpec::new);
    Arbitrary<LineEdit> edit = Combinators.combine(Arbitraries.integers().between(0, 30),
        Arbitraries.integers().between(0, 3), Arbitraries.of(WORDS)).as(LineEdit::new);
    Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(1, Kind.KEEP),
        Tuple.of(4, Kind.MODIFY), Tuple.of(1, Kind.DELETE), Tuple.of(1, Kind.RENAME),
        Tuple.of(2, Kind.RENAME_AND_MODIFY), Tuple.of(1, Kind.CHMOD),
        Tuple.of(1, Kind.FLIP_FINAL_NEWLINE));
    Arbitrary<Change> change = Combinators.combine(kind,
        edit.list().ofMinSize(1).ofMaxSize(4)).as(Change::new);
    return Combinators.combine(file.list().ofMinSize(1).ofMaxSize(PATHS.size()),
        change.list().ofSize(PATHS.size()), file.list().ofMaxSize(2)).as(Scenario::new);
  }

  // Without edge cases: they are mostly "keep every file", which makes an empty diff.
  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void parsingAndApplyingGitsDiffGivesGitsFiles(@ForAll("scenarios") Scenario s) {
    GitRepo repo = GitRepo.init(root.resolve("try-" + TRIES.incrementAndGet()));
    for (int i = 0; i < s.base().size(); i++) {
      write(repo, PATHS.get(i), s.base().get(i));
    }
    String base = repo.commit("base");
    for (int i = 0; i < s.base().size(); i++) {
      change(repo, PATHS.get(i), s.base().get(i), s.changes().get(i));
    }
    for (int i = 0; i < s.added().size(); i++) {
      write(repo, "new/" + i + ".txt", s.added().get(i));
    }
    String head = repo.commit("change");

    byte[] raw = repo.gitBytes("diff", "-M", "--binary", base, head);
    Statistics.label("diff").collect(raw.length == 0 ? "empty" : "not empty");
    if (raw.length == 0) {
      assertThat(catchThrowableOfType(DiffException.class, () -> Diffs.parse(raw)).code())
          .isEqualTo(DiffException.EMPTY);
      return;
    }
    AppliedDiff applied = GitAgreement.check(repo, raw, base, head, "-M", "--binary");
    applied.files().forEach(f -> Statistics.label("status").collect(f.status()));
  }

  private static void write(GitRepo repo, String path, FileSpec spec) {
    repo.write(path, spec.content());
    repo.setExecutable(path, spec.executable());
  }

  private static void change(GitRepo repo, String path, FileSpec spec, Change c) {
    switch (c.kind()) {
      case KEEP -> { }
      case MODIFY -> write(repo, path, edited(spec, c.edits()));
      case DELETE -> repo.delete(path);
      case RENAME -> move(repo, path, spec);
      case RENAME_AND_MODIFY -> move(repo, path, edited(spec, c.edits()));
      case CHMOD -> repo.setExecutable(path, !spec.executable());
      case FLIP_FINAL_NEWLINE -> write(repo, path, new FileSpec(spec.lines(), spec.crlf(),
          !spec.finalNewline(), spec.executable(), spec.binary()));
    }
  }

  private static void move(GitRepo repo, String path, FileSpec spec) {
    repo.delete(path);
    write(repo, "moved/" + path.replace('/', '-'), spec);
  }

  /** The file with the edits applied; a flipped line end turns an LF file's line into CRLF. */
  private static FileSpec edited(FileSpec spec, List<LineEdit> edits) {
    List<String> lines = new ArrayList<>(spec.lines());
    for (LineEdit e : edits) {
      int at = lines.isEmpty() ? 0 : e.position() % lines.size();
      switch (e.type()) {
        case 0 -> lines.add(at, e.text());
        case 1 -> {
          if (!lines.isEmpty()) {
            lines.remove(at);
          }
        }
        case 2 -> {
          if (!lines.isEmpty()) {
            lines.set(at, e.text());
          }
        }
        default -> {
          if (!lines.isEmpty()) {
            lines.set(at, lines.get(at) + (spec.crlf() ? "" : "\r"));
          }
        }
      }
    }
    return new FileSpec(lines, spec.crlf(), spec.finalNewline(), spec.executable(), spec.binary());
  }
}
