package org.communal.web.internal.api;

import java.util.List;
import java.util.Locale;
import org.communal.context.ContextSnapshot;
import org.communal.web.internal.Html;

/** The admin page of live contexts: nested lists, no scripts, no inline styles. */
final class ContextsPage {
  private ContextsPage() {}

  static String render(List<ContextSnapshot> trees) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
        + "<meta charset=\"utf-8\"><title>Live contexts · Communal</title></head><body>\n"
        + "<h1>Live contexts</h1>\n<p>Every request, review session and resource Communal holds"
        + " right now. Newest children first. <a href=\"?format=json\">As JSON</a></p>\n");
    if (trees.isEmpty()) {
      b.append("<p>No context is open.</p>\n");
    }
    b.append("<ul>\n");
    for (ContextSnapshot t : trees) {
      item(b, t);
    }
    return b.append("</ul>\n</body></html>\n").toString();
  }

  private static void item(StringBuilder b, ContextSnapshot c) {
    b.append("<li><strong>").append(Html.escape(c.name())).append("</strong> ")
        .append(c.state().name().toLowerCase(Locale.ROOT)).append(", ")
        .append(c.blocks()).append(" blocks, weight ").append(c.totalWeight())
        .append(String.format(Locale.ROOT, ", %.1f s old", c.age().toMillis() / 1000.0));
    c.cancellation().ifPresent(r -> b.append(", cancelled: ").append(Html.escape(r)));
    c.creationSite().ifPresent(s -> b.append(", created at <code>").append(Html.escape(s))
        .append("</code>"));
    if (!c.children().isEmpty()) {
      b.append("\n<ul>\n");
      c.children().forEach(k -> item(b, k));
      b.append("</ul>");
    }
    b.append("</li>\n");
  }
}
