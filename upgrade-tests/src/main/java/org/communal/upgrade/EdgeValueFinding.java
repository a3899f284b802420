package org.communal.upgrade;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.communal.upgrade.FailedStatement.Failure;
import org.communal.upgrade.data.EdgeValue;

/**
 * The warning for a migration that failed on generated edge values alone: it passed on plain
 * values, so the path's other findings come from that run, and this one names the value, the
 * migration, the statement and PostgreSQL's message.
 */
final class EdgeValueFinding {
  /** The finding's code. */
  static final String CODE = "edge-value-fails-migration";

  private static final int SHOWN = 20;
  private static final int STATEMENT = 120;
  private static final int LISTED = 5;

  private EdgeValueFinding() {}

  /**
   * The warning.
   *
   * @param failure where the migration failed
   * @param suspects the edge values it fails on: one, or several that fail it together
   */
  static Finding of(Failure failure, List<EdgeValue> suspects) {
    String columns = suspects.stream().map(EdgeValueFinding::column).distinct()
        .collect(Collectors.joining(", "));
    return Finding.warning(CODE, (columns.contains(",") ? "columns " : "column ") + columns,
        failure.script() + " failed at `" + statement(failure.statement()) + "` (PostgreSQL: "
            + failure.message() + ") when " + held(suspects) + ". On plain generated values"
            + " (the same rows without edge values) the upgrade passes, and this path's other"
            + " findings come from that run. A site that holds such a value would fail the same"
            + " way: make the migration cope with it, or keep such values out with a constraint.");
  }

  private static String held(List<EdgeValue> suspects) {
    if (suspects.size() == 1) {
      EdgeValue e = suspects.get(0);
      return column(e) + " held the generated edge value " + abbreviated(e.value());
    }
    String listed = suspects.stream().limit(LISTED).map(e -> column(e) + " "
        + abbreviated(e.value())).collect(Collectors.joining(", "));
    return "the tables held these generated edge values together: " + listed
        + (suspects.size() > LISTED ? " and " + (suspects.size() - LISTED) + " more" : "");
  }

  private static String column(EdgeValue e) {
    return e.table() + "." + e.column();
  }

  /** A value quoted as SQL writes it, cut after a few characters, with its length. */
  static String abbreviated(String value) {
    int length = value.codePointCount(0, value.length());
    String shown = length <= 2 * SHOWN ? value
        : value.substring(0, value.offsetByCodePoints(0, SHOWN)) + "…";
    return "'" + shown.replace("'", "''") + "' (" + String.format(Locale.ROOT, "%,d", length)
        + (length == 1 ? " character)" : " characters)");
  }

  /** The statement on one line, without the lines that hold only a comment, shortened. */
  private static String statement(String sql) {
    String line = sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--"))
        .collect(Collectors.joining(" ")).replaceAll("\\s+", " ").replaceAll("\\s*;$", "");
    return line.length() <= STATEMENT ? line : line.substring(0, STATEMENT) + "…";
  }
}
