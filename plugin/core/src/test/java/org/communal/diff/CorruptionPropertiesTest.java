package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random corruptions of a valid format-patch series (lines dropped, doubled or swapped, bytes
 * changed, the upload cut short): parsing, applying and building rows either succeed or fail with
 * a {@link DiffException} whose problems point inside the upload. Nothing else may escape, so an
 * upload can never make the service fail with an unexplained error.
 */
class CorruptionPropertiesTest {
  private static final byte[] INTERESTING = "@-+ \n\\\"\r0123456789x,".getBytes(
      StandardCharsets.ISO_8859_1);
  private static Path root;
  private static byte[] valid;
  private static FileSource base;

  /** One corruption: what to do, and where (modulo the size). */
  record Mutation(int kind, int where, int other, int value) {}

  @BeforeContainer
  static void makeSeries() throws IOException {
    root = Files.createTempDirectory("diff-corruption");
    GitRepo repo = GitRepo.init(root.resolve("repo"));
    repo.write("f.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
    repo.write("dos.txt", "a\r\nb\r\n");
    repo.write("old name.txt", "keep\nme\nhere\n");
    repo.write("gone.txt", "bye\n");
    repo.write("b.bin", new byte[] {0, 1, 2, 3});
    String first = repo.commit("base");
    repo.write("f.txt", "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12");
    repo.write("dos.txt", "a\r\nB\r\n");
    repo.delete("old name.txt");
    repo.write("ä new.txt", "keep\nme\nhere!\n");
    repo.commit("first");
    repo.delete("gone.txt");
    repo.write("b.bin", new byte[] {0, 1, 2, 4, 5});
    repo.write("f.txt", "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\nELEVEN\n12");
    repo.setExecutable("dos.txt", true);
    repo.commit("second");
    valid = repo.gitBytes("format-patch", "--stdout", "-M", "--binary", first);
    base = repo.sourceAt(first);
  }

  @AfterContainer
  static void removeRoot() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<Mutation>> corruptions() {
    Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0),
        Arbitraries.integers().between(0, INTERESTING.length - 1)).as(Mutation::new);
    return m.list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 1000)
  void corruptUploadsFailOnlyWithDiffExceptions(@ForAll("corruptions") List<Mutation> ms) {
    byte[] raw = valid;
    for (Mutation m : ms) {
      raw = mutate(raw, m);
    }
    int lines = new String(raw, StandardCharsets.ISO_8859_1).split("\n", -1).length;
    try {
      ParsedDiff parsed = Diffs.parse(raw);
      parsed.files().forEach(Diffs::sideBySideOfHunks);
      for (AppliedFile f : Diffs.apply(parsed, base).files()) {
        if (!f.binary() && f.contentKnown()) {
          Diffs.sideBySide(f, RowOptions.DEFAULTS);
        }
      }
      Statistics.collect("applies");
    } catch (DiffException e) {
      Statistics.collect(e.code());
      assertThat(e.problems()).isNotEmpty()
          .allSatisfy(p -> assertThat(p.line()).isBetween(0, lines + 1));
    }
  }

  @Property(tries = 1)
  void theUncorruptedSeriesApplies() {
    assertThat(Diffs.apply(Diffs.parse(valid), base).files()).hasSize(5);
  }

  private static byte[] mutate(byte[] raw, Mutation m) {
    List<byte[]> lines = split(raw);
    if (raw.length == 0 || lines.isEmpty()) {
      return raw;
    }
    int i = m.where() % lines.size();
    switch (m.kind()) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(i, lines.get(i));
      case 2 -> {
        int j = m.other() % lines.size();
        byte[] t = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, t);
      }
      case 3 -> {
        byte[] copy = raw.clone();
        copy[m.where() % raw.length] = INTERESTING[m.value()];
        return copy;
      }
      default -> {
        return Arrays.copyOf(raw, m.where() % raw.length);
      }
    }
    return join(lines);
  }

  private static List<byte[]> split(byte[] raw) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') {
        out.add(Arrays.copyOfRange(raw, start, i + 1));
        start = i + 1;
      }
    }
    if (start < raw.length) {
      out.add(Arrays.copyOfRange(raw, start, raw.length));
    }
    return out;
  }

  private static byte[] join(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lines.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
