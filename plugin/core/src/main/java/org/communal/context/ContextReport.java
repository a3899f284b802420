package org.communal.context;

/** Renders a subtree the way {@code talloc_report_full} does, zero-weight contexts included. */
final class ContextReport {
  private ContextReport() {}

  static String of(Context root) {
    ContextSnapshot top = root.snapshot();
    StringBuilder out = new StringBuilder();
    out.append(String.format("full report on '%s' (total %6d weight in %4d blocks)%n",
        top.name(), top.totalWeight(), top.blocks()));
    for (ContextSnapshot child : top.children()) {
      append(out, child, 1);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, ContextSnapshot c, int depth) {
    out.append("    ".repeat(depth)).append(String.format(
        "%-20s contains %6d weight in %4d blocks", c.name(), c.totalWeight(), c.blocks()));
    if (c.state() != State.OPEN) {
      out.append(" [").append(c.state()).append(']');
    }
    c.cancellation().ifPresent(reason -> out.append(" [cancelled: ").append(reason).append(']'));
    out.append(String.format(" age %.3fs", c.age().toNanos() / 1e9));
    c.creationSite().ifPresent(site -> out.append(" created at ").append(site));
    out.append(System.lineSeparator());
    for (ContextSnapshot child : c.children()) {
      append(out, child, depth + 1);
    }
  }
}
