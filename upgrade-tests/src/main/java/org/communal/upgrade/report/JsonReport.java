package org.communal.upgrade.report;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;

/**
 * A matrix result as JSON ({@code report.json}), for tools that compare runs. Durations are in
 * milliseconds ({@code ...Millis}, with three decimals); a path from the empty database has {@code
 * null} release and schema version. {@code docs/REPORTS.md} describes every field. Stateless and
 * thread-safe.
 */
public final class JsonReport {
  private final StringBuilder json = new StringBuilder();

  private JsonReport() {}

  /** The file name of the JSON report. */
  public static final String FILE_NAME = "report.json";

  /**
   * Writes {@code report.json} into a folder, creating it if needed, and returns the file.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(MatrixResult matrix, Path folder) {
    return Reports.writeFile(folder, FILE_NAME, render(matrix));
  }

  /** The whole result as one JSON document. */
  public static String render(MatrixResult matrix) {
    JsonReport r = new JsonReport();
    r.json.append("{\n  \"project\": ").append(string(matrix.project()))
        .append(",\n  \"passed\": ").append(matrix.passed())
        .append(",\n  \"wallMillis\": ").append(Format.millis(matrix.wall()))
        .append(",\n  \"insideMigrationsMillis\": ")
        .append(Format.millis(matrix.insideMigrations()))
        .append(",\n  \"paths\": ");
    r.array(matrix.paths(), "  ", r::path);
    return r.json.append("\n}\n").toString();
  }

  private void path(PathResult p, String indent) {
    PathSpec s = p.spec();
    String in = indent + "  ";
    json.append("{\n").append(in).append("\"name\": ").append(string(s.name()))
        .append(",\n").append(in).append("\"slug\": ").append(string(s.slug()))
        .append(",\n").append(in).append("\"release\": ")
        .append(s.release().map(JsonReport::string).orElse("null"))
        .append(",\n").append(in).append("\"schemaVersion\": ")
        .append(s.schemaVersion().map(JsonReport::string).orElse("null"))
        .append(",\n").append(in).append("\"postgresql\": ").append(s.major())
        .append(",\n").append(in).append("\"mode\": ").append(string(s.mode().label()))
        .append(",\n").append(in).append("\"zone\": ").append(string(s.zone().getId()))
        .append(",\n").append(in).append("\"passed\": ").append(p.passed())
        .append(",\n").append(in).append("\"durationMillis\": ").append(Format.millis(p.duration()))
        .append(",\n").append(in).append("\"insideMigrationsMillis\": ")
        .append(Format.millis(p.insideMigrations()))
        .append(",\n").append(in).append("\"findings\": ");
    array(p.findings(), in, this::finding);
    json.append(",\n").append(in).append("\"migrations\": ");
    array(p.migrations(), in, this::migration);
    json.append('\n').append(indent).append('}');
  }

  private void migration(MigrationReport m, String indent) {
    String in = indent + "  ";
    json.append("{\n").append(in).append("\"version\": ").append(string(m.version()))
        .append(",\n").append(in).append("\"description\": ").append(string(m.description()))
        .append(",\n").append(in).append("\"durationMillis\": ").append(Format.millis(m.duration()))
        .append(",\n").append(in).append("\"locks\": ");
    array(m.locks(), in, this::lock);
    json.append(",\n").append(in).append("\"rewritten\": ");
    array(m.rewritten(), in, (s, i) -> json.append(string(s)));
    json.append(",\n").append(in).append("\"scanned\": ");
    array(m.scanned(), in, (s, i) -> json.append(string(s)));
    json.append(",\n").append(in).append("\"findings\": ");
    array(m.findings(), in, this::finding);
    json.append('\n').append(indent).append('}');
  }

  private void lock(MigrationReport.LockHold l, String indent) {
    json.append("{\"object\": ").append(string(l.object()))
        .append(", \"mode\": ").append(string(l.mode()))
        .append(", \"rows\": ").append(l.rows())
        .append(", \"heldMillis\": ").append(Format.millis(l.held())).append('}');
  }

  private void finding(Finding f, String indent) {
    json.append("{\"check\": ").append(string(f.check()))
        .append(", \"severity\": ").append(string(f.severity().name().toLowerCase(Locale.ROOT)))
        .append(", \"where\": ").append(string(f.where()))
        .append(", \"message\": ").append(string(f.message())).append('}');
  }

  /** Writes a list as a JSON array, one item per line, each written by {@code item}. */
  private <T> void array(List<T> items, String indent, Item<T> item) {
    if (items.isEmpty()) {
      json.append("[]");
      return;
    }
    String in = indent + "  ";
    json.append("[\n");
    for (int i = 0; i < items.size(); i++) {
      json.append(in);
      item.write(items.get(i), in);
      json.append(i + 1 < items.size() ? ",\n" : "\n");
    }
    json.append(indent).append(']');
  }

  /** A JSON string literal; control characters and unpaired surrogates are escaped. */
  static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F || unpaired(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean unpaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  /** Writes one item of an array. */
  private interface Item<T> {
    void write(T item, String indent);
  }
}
