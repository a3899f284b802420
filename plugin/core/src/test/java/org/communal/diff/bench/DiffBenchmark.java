package org.communal.diff.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communal.diff.AppliedDiff;
import org.communal.diff.DiffLimits;
import org.communal.diff.Diffs;
import org.communal.diff.FileSource;
import org.communal.diff.ParsedDiff;
import org.communal.diff.RowOptions;
import org.communal.diff.SideBySide;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and applying a large upload, and the rows of one long file, with {@code git apply
 * --check} of the same upload in the same run as the baseline. The setup builds, with real git
 * and a fixed seed, a repository of 500 files of 400 lines and a commit that replaces 100 lines
 * in each (10 blocks of 10 lines), so the diff has 50,000 removed and 50,000 added lines in 5,000
 * hunks; the rows benchmark diffs a 5,000-line file against a copy with 250 lines replaced,
 * inserted or deleted in 50 places.
 *
 * <pre>./mvnw -B -q -pl plugin/core test-compile exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath org.openjdk.jmh.Main DiffBenchmark"</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class DiffBenchmark {
  static final int FILES = 500;
  static final int LINES = 400;
  static final int BLOCKS = 10;
  static final int BLOCK_LINES = 10;
  static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
      "theta", "iota", "kappa", "lambda", "mu", "return", "if", "else", "{", "}", "=", "+", ";"};

  private Path dir;
  private Path clone;
  private Path diffFile;
  private byte[] raw;
  private FileSource base;
  private ParsedDiff parsed;
  private byte[] longOriginal;
  private byte[] longPatched;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("diff-bench");
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    Random random = new Random(42);
    git(repo, "init", "-q", "-b", "main", ".");
    Map<String, byte[]> files = new HashMap<>();
    List<List<String>> contents = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> lines = randomLines(random, LINES);
      contents.add(lines);
      files.put(path(f), join(lines));
      write(repo, path(f), lines);
    }
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    clone = dir.resolve("clone");
    git(dir, "clone", "-q", repo.toString(), clone.toString());
    for (int f = 0; f < FILES; f++) {
      write(repo, path(f), changed(random, contents.get(f)));
    }
    git(repo, "commit", "-q", "-a", "-m", "change");
    raw = git(repo, "diff", "HEAD~1", "HEAD");
    diffFile = dir.resolve("change.diff");
    Files.write(diffFile, raw);
    base = FileSource.of(files);
    parsed = Diffs.parse(raw, limits());
    setUpLongFile(random);
  }

  private void setUpLongFile(Random random) {
    List<String> original = randomLines(random, 5_000);
    List<String> patched = new ArrayList<>(original);
    for (int place = 49; place >= 0; place--) {
      int at = place * 100 + 10;
      for (int k = 0; k < 5; k++) {
        switch (k % 3) {
          case 0 -> patched.set(at + k, patched.get(at + k) + " changed");
          case 1 -> patched.add(at + k, "inserted " + place);
          default -> patched.remove(at + k);
        }
      }
    }
    longOriginal = join(original);
    longPatched = join(patched);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The limits for the upload: it has about 135,000 lines, within the defaults. */
  private static DiffLimits limits() {
    return DiffLimits.DEFAULTS;
  }

  @Benchmark
  public AppliedDiff parseAndApply() {
    return Diffs.apply(Diffs.parse(raw, limits()), base);
  }

  @Benchmark
  public ParsedDiff parseOnly() {
    return Diffs.parse(raw, limits());
  }

  @Benchmark
  public AppliedDiff applyOnly() {
    return Diffs.apply(parsed, base);
  }

  @Benchmark
  public byte[] baselineGitApplyCheck() {
    return git(clone, "apply", "--check", diffFile.toString());
  }

  @Benchmark
  public SideBySide rowsOf5000LineFile() {
    return Diffs.sideBySide(longOriginal, longPatched, RowOptions.DEFAULTS);
  }

  private static String path(int f) {
    return "src/dir" + (f % 20) + "/file" + f + ".txt";
  }

  private static List<String> randomLines(Random random, int count) {
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder("    ");
      for (int w = 1 + random.nextInt(8); w > 0; w--) {
        line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      lines.add(line.append(i).toString());
    }
    return lines;
  }

  /** Replaces {@value #BLOCKS} blocks of {@value #BLOCK_LINES} lines, spread over the file. */
  private static List<String> changed(Random random, List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    int spacing = LINES / BLOCKS;
    for (int b = 0; b < BLOCKS; b++) {
      for (int k = 0; k < BLOCK_LINES; k++) {
        int at = b * spacing + 15 + k;
        out.set(at, out.get(at) + " changed " + random.nextInt(1000));
      }
    }
    return out;
  }

  private static byte[] join(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path repo, String path, List<String> lines) {
    try {
      Path file = repo.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, join(lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] git(Path in, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Bench",
        "-c", "user.email=bench@example.com", "-c", "core.autocrlf=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    // A GIT_DIR or GIT_INDEX_FILE inherited from a hook or an IDE would point git elsewhere.
    pb.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", in.toString());
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
