package org.communal.upgrade.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;
import org.communal.upgrade.Progress;

/**
 * Prints a matrix run as it goes, one line per event, each starting with its path's name (so that
 * paths running side by side stay readable): its start, its steps, and its verdict with its
 * duration and, when it failed, its problems. {@link #summary} prints a table of every path at the
 * end. Plain text unless colour is asked for. Thread-safe: lines never interleave.
 */
public final class ConsoleProgress implements Progress {
  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[31;1m";
  private static final String GREEN = "\u001b[32;1m";
  private static final String YELLOW = "\u001b[33m";
  private static final String DIM = "\u001b[2m";

  private final PrintStream out;
  private final boolean color;

  /**
   * @param out where to print; borrowed, never closed
   * @param color whether to colour verdicts with ANSI escapes
   */
  public ConsoleProgress(PrintStream out, boolean color) {
    this.out = Objects.requireNonNull(out, "out");
    this.color = color;
  }

  /** Progress on standard output, in colour when it is a terminal and NO_COLOR is not set. */
  public static ConsoleProgress standardOutput() {
    return new ConsoleProgress(System.out, wantsColor(System.console() != null, System.getenv()));
  }

  /**
   * Whether to colour: only on a terminal, and never when {@code NO_COLOR} is set to anything but
   * the empty string (no-color.org) or {@code TERM} is {@code dumb}.
   */
  public static boolean wantsColor(boolean terminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  @Override
  public synchronized void started(PathSpec path) {
    out.println(path.name() + ": started");
    out.flush();
  }

  @Override
  public synchronized void step(PathSpec path, String step) {
    out.println(paint(DIM, path.name() + ": " + step));
    out.flush();
  }

  @Override
  public synchronized void finished(PathResult result) {
    List<Finding> warnings = result.findings().stream().filter(f -> !f.fails()).toList();
    String tail = warnings.isEmpty() ? "" : ", " + Format.plural(warnings.size(), "warning");
    if (result.passed()) {
      out.println(result.spec().name() + ": " + paint(GREEN, "PASSED") + " in "
          + Format.duration(result.duration()) + tail);
    } else {
      out.println(result.spec().name() + ": " + paint(RED, "FAILED") + " in "
          + Format.duration(result.duration()) + ", "
          + Format.plural(result.problems().size(), "problem") + tail);
      result.problems().forEach(p -> out.println("    - " + indented(p)));
    }
    warnings.forEach(w -> out.println(paint(YELLOW, "    warning " + indented(w.describe()))));
    out.flush();
  }

  /** Prints a table of every path, in matrix order, then the totals and the verdict. */
  public synchronized void summary(MatrixResult matrix) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"from", "PostgreSQL", "mode", "zone", "result", "time", "migrating",
        "problems", "warnings"});
    MatrixOrder.sorted(matrix).forEach(p -> rows.add(row(p)));
    out.println();
    printTable(rows);
    long failed = matrix.paths().stream().filter(p -> !p.passed()).count();
    out.println();
    out.println(Format.plural(matrix.paths().size(), "path") + ": "
        + (matrix.paths().size() - failed) + " passed, " + failed + " failed; wall time "
        + Format.duration(matrix.wall()) + ", inside migrations "
        + Format.duration(matrix.insideMigrations()) + ".");
    out.println(matrix.passed() ? paint(GREEN, "All paths passed.")
        : paint(RED, "Upgrade test FAILED."));
    out.flush();
  }

  private static String[] row(PathResult p) {
    return new String[] {p.spec().from(), Integer.toString(p.spec().major()),
        p.spec().mode().label(), p.spec().zone().getId(), p.passed() ? "passed" : "FAILED",
        Format.duration(p.duration()), Format.duration(p.insideMigrations()),
        Integer.toString(p.problems().size()),
        Long.toString(p.findings().stream().filter(f -> !f.fails()).count())};
  }

  private void printTable(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = String.format("%-" + widths[i] + "s", row[i]);
        line.append(i == 4 && row[i].equals("FAILED") ? paint(RED, cell) : cell)
            .append(i + 1 < row.length ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /**
   * A finding for the console: control characters (which could drive the terminal) shown as
   * {@code \\uXXXX}, and continuation lines indented under the finding.
   */
  static String indented(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '\n') {
        out.append("\n      ");
      } else if ((c < 0x20 && c != '\t') || (c >= 0x7F && c < 0xA0)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String paint(String ansi, String text) {
    return color ? ansi + text + RESET : text;
  }
}
