package org.communal.context;

import java.util.List;

/** Renders a subtree the way {@code talloc_report_full} does, zero-weight contexts included. */
final class ContextReport {
  private ContextReport() {}

  static String of(Context root) {
    List<Object[]> rows = root.reportRows();
    StringBuilder out = new StringBuilder();
    Object[] top = rows.get(0);
    out.append(String.format("full report on '%s' (total %6d weight in %4d blocks)%n",
        root.name(), (long) top[3], (long) top[2]));
    for (Object[] row : rows.subList(1, rows.size())) {
      Context c = (Context) row[0];
      int depth = (int) row[1];
      out.append("    ".repeat(depth)).append(String.format("%-20s contains %6d weight in %4d blocks",
          c.name(), (long) row[3], (long) row[2]));
      if (c.state() != State.OPEN) {
        out.append(" [").append(c.state()).append(']');
      }
      c.cancellation().ifPresent(cause -> out.append(" [cancelled: ").append(cause.reason())
          .append(']'));
      out.append(String.format(" age %.3fs", c.age().toNanos() / 1e9));
      c.creationSite().ifPresent(site -> out.append(" created at ").append(site));
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}
