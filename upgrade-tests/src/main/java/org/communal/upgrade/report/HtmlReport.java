package org.communal.upgrade.report;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.MigrationReport;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;

/**
 * One self-contained HTML page ({@code index.html}) that a person reads at a glance: the verdict
 * and totals, the matrix of starting releases against PostgreSQL majors, every failed path's
 * findings in full, the warnings, what each migration locked, rewrote and scanned, and every path's
 * timings. Inline CSS, no scripts, no external resources; the markup is also well-formed XML, so
 * any XML parser reads it. Stateless and thread-safe.
 */
public final class HtmlReport {
  /** The page's file name. */
  public static final String FILE_NAME = "index.html";

  private static final Set<String> WRITE_BLOCKING = Set.of("AccessExclusiveLock", "ExclusiveLock",
      "ShareRowExclusiveLock", "ShareLock");

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,sans-serif;margin:1.5em;color:#1b1b1b;line-height:1.4}",
      "table{border-collapse:collapse;margin:0.5em 0 1.5em}",
      "th,td{border:1px solid #c8c8c8;padding:0.3em 0.6em;text-align:left;vertical-align:top}",
      "th{background:#f1f1f1}",
      "td.num{text-align:right;white-space:nowrap}",
      ".pass{background:#e6f4ea}",
      ".fail{background:#fce8e6}",
      ".none{color:#888}",
      ".verdict-pass{color:#137333}",
      ".verdict-fail{color:#c5221f}",
      "ul.cell,ul.plain{list-style:none;margin:0;padding:0}",
      "li.fail{color:#c5221f;font-weight:bold}",
      ".msg{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:0.9em}",
      ".code{font-family:ui-monospace,monospace;color:#555}",
      ".blocks{color:#c5221f;font-weight:bold}",
      "section.path{border-left:4px solid #c5221f;padding-left:1em;margin-bottom:1.5em}",
      "");

  private final MatrixResult matrix;
  private final List<PathResult> paths;
  private final StringBuilder html = new StringBuilder();

  private HtmlReport(MatrixResult matrix) {
    this.matrix = matrix;
    this.paths = MatrixOrder.sorted(matrix);
  }

  /** The page for a matrix result. */
  public static String render(MatrixResult matrix) {
    return new HtmlReport(matrix).page();
  }

  /**
   * Writes {@code index.html} into a folder, creating it if needed, and returns the file.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(MatrixResult matrix, Path folder) {
    return Reports.writeFile(folder, FILE_NAME, render(matrix));
  }

  private String page() {
    String title = "Upgrade test of " + matrix.project();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>").append(e(title)).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>").append(e(title)).append(": ")
        .append(verdict(matrix.passed())).append("</h1>\n");
    totals();
    matrixTable();
    failures();
    warnings();
    migrations();
    allPaths();
    return html.append("</body>\n</html>\n").toString();
  }

  private void totals() {
    long failed = paths.stream().filter(p -> !p.passed()).count();
    long warnings = paths.stream().mapToLong(p -> warnings(p).size()).sum();
    html.append("<table class=\"totals\">\n");
    row("Paths", Format.count(paths.size()));
    row("Passed", Format.count(paths.size() - failed));
    row("Failed", Format.count(failed));
    row("Warnings", Format.count(warnings));
    row("Wall time", Format.duration(matrix.wall()));
    row("Inside migrations (summed over paths)", Format.duration(matrix.insideMigrations()));
    html.append("</table>\n");
  }

  private void row(String name, String value) {
    html.append("<tr><th>").append(e(name)).append("</th><td class=\"num\">").append(e(value))
        .append("</td></tr>\n");
  }

  private void matrixTable() {
    Map<String, List<PathResult>> byStart = new LinkedHashMap<>();
    paths.forEach(p -> byStart.computeIfAbsent(p.spec().from(), k -> new ArrayList<>()).add(p));
    Set<Integer> majors = new TreeSet<>();
    paths.forEach(p -> majors.add(p.spec().major()));
    boolean modesVary = paths.stream().map(p -> p.spec().mode()).distinct().count() > 1;
    boolean zonesVary = paths.stream().map(p -> p.spec().zone()).distinct().count() > 1;
    html.append("<h2>Matrix</h2>\n<table class=\"matrix\">\n<thead><tr><th>from release</th>");
    majors.forEach(m -> html.append("<th>PostgreSQL ").append(m).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    byStart.forEach((start, results) -> {
      html.append("<tr><th>").append(e(start)).append("</th>");
      for (int major : majors) {
        List<PathResult> cell = results.stream().filter(p -> p.spec().major() == major).toList();
        matrixCell(cell, modesVary, zonesVary);
      }
      html.append("</tr>\n");
    });
    html.append("</tbody>\n</table>\n");
  }

  private void matrixCell(List<PathResult> cell, boolean modesVary, boolean zonesVary) {
    if (cell.isEmpty()) {
      html.append("<td class=\"none\">not run</td>");
      return;
    }
    boolean passed = cell.stream().allMatch(PathResult::passed);
    html.append("<td class=\"").append(passed ? "pass" : "fail").append("\"><ul class=\"cell\">");
    for (PathResult p : cell) {
      List<String> label = new ArrayList<>();
      if (modesVary) {
        label.add(p.spec().mode().label());
      }
      if (zonesVary) {
        label.add(p.spec().zone().getId());
      }
      label.add(p.passed() ? "passed" : "FAILED");
      html.append("<li class=\"").append(p.passed() ? "pass" : "fail").append("\"><a href=\"#")
          .append(e(anchor(p))).append("\">").append(e(String.join(", ", label)))
          .append("</a> ").append(e(Format.duration(p.duration()))).append("</li>");
    }
    html.append("</ul></td>");
  }

  private void failures() {
    List<PathResult> failed = paths.stream().filter(p -> !p.passed()).toList();
    if (failed.isEmpty()) {
      return;
    }
    html.append("<h2>Failed paths</h2>\n");
    for (PathResult p : failed) {
      html.append("<section class=\"path\" id=\"").append(e(anchor(p))).append("\">\n<h3>")
          .append(e(p.spec().name())).append("</h3>\n<p>")
          .append(e(Format.plural(p.problems().size(), "problem") + " and "
              + Format.plural(warnings(p).size(), "warning") + "; the path took "
              + Format.duration(p.duration()) + ", " + Format.duration(p.insideMigrations())
              + " of it inside migrations.")).append("</p>\n");
      List<Finding> all = Checks.allFindings(p);
      findingList(all.stream().filter(Finding::fails).toList());
      findingList(all.stream().filter(f -> !f.fails()).toList());
      html.append("</section>\n");
    }
  }

  private void findingList(List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    html.append("<ul>\n");
    for (Finding f : findings) {
      html.append("<li>").append(f.fails() ? "<strong>failure</strong>" : "warning")
          .append(" <span class=\"code\">[").append(e(f.check())).append("]</span> ");
      if (!f.where().isEmpty()) {
        html.append("<strong>").append(e(f.where())).append("</strong>");
      }
      html.append("<div class=\"msg\">").append(e(f.message())).append("</div></li>\n");
    }
    html.append("</ul>\n");
  }

  private void warnings() {
    Map<Finding, List<PathSpec>> where = new LinkedHashMap<>();
    paths.forEach(p -> warnings(p).forEach(
        f -> where.computeIfAbsent(f, k -> new ArrayList<>()).add(p.spec())));
    if (where.isEmpty()) {
      return;
    }
    html.append("<h2>Warnings</h2>\n<table class=\"warnings\">\n<thead><tr><th>check</th>")
        .append("<th>where</th><th>message</th><th>paths</th></tr></thead>\n<tbody>\n");
    where.forEach((f, specs) -> html.append("<tr><td class=\"code\">").append(e(f.check()))
        .append("</td><td>").append(e(f.where())).append("</td><td class=\"msg\">")
        .append(e(f.message())).append("</td><td>")
        .append(specs.size() == paths.size() ? "all" : e(specs.stream().map(PathSpec::name)
            .collect(Collectors.joining("; "))))
        .append("</td></tr>\n"));
    html.append("</tbody>\n</table>\n");
  }

  private void migrations() {
    Map<String, Map<Integer, List<MigrationReport>>> runs =
        new TreeMap<>(HtmlReport::compareMigrationKeys);
    for (PathResult p : paths) {
      for (MigrationReport m : p.migrations()) {
        runs.computeIfAbsent(m.version() + "\u0000" + m.description(), k -> new TreeMap<>())
            .computeIfAbsent(p.spec().major(), k -> new ArrayList<>()).add(m);
      }
    }
    if (runs.isEmpty()) {
      return;
    }
    html.append("<h2>Migrations</h2>\n<p>Per PostgreSQL major, over every path that ran the")
        .append(" migration: its time, and per object and lock mode the most rows and longest")
        .append(" hold seen.</p>\n<table class=\"migrations\">\n<thead><tr><th>migration</th>")
        .append("<th>PostgreSQL</th><th>runs</th><th>time</th><th>locks</th><th>rewritten</th>")
        .append("<th>scanned in full</th><th>findings</th></tr></thead>\n<tbody>\n");
    runs.values().forEach(this::migration);
    html.append("</tbody>\n</table>\n");
  }

  private void migration(Map<Integer, List<MigrationReport>> byMajor) {
    boolean first = true;
    for (Map.Entry<Integer, List<MigrationReport>> entry : byMajor.entrySet()) {
      List<MigrationReport> reports = entry.getValue();
      List<Finding> findings = reports.stream().flatMap(r -> r.findings().stream()).distinct()
          .toList();
      boolean fails = findings.stream().anyMatch(Finding::fails);
      html.append("<tr").append(fails ? " class=\"fail\"" : "").append('>');
      if (first) {
        html.append("<th rowspan=\"").append(byMajor.size()).append("\">")
            .append(e(Checks.migrationName(reports.get(0)))).append("</th>");
        first = false;
      }
      html.append("<td class=\"num\">").append(entry.getKey()).append("</td><td class=\"num\">")
          .append(reports.size()).append("</td><td class=\"num\">").append(e(timeRange(reports)))
          .append("</td><td>");
      locks(mergedLocks(reports));
      html.append("</td><td>");
      plainList(reports.stream().flatMap(r -> r.rewritten().stream()).distinct().toList());
      html.append("</td><td>");
      plainList(reports.stream().flatMap(r -> r.scanned().stream()).distinct().toList());
      html.append("</td><td>");
      findingList(findings);
      html.append("</td></tr>\n");
    }
  }

  private static String timeRange(List<MigrationReport> reports) {
    Duration min = reports.stream().map(MigrationReport::duration).min(Duration::compareTo)
        .orElseThrow();
    Duration max = reports.stream().map(MigrationReport::duration).max(Duration::compareTo)
        .orElseThrow();
    String low = Format.duration(min);
    String high = Format.duration(max);
    return low.equals(high) ? low : low + " to " + high;
  }

  private static List<MigrationReport.LockHold> mergedLocks(List<MigrationReport> reports) {
    Map<String, MigrationReport.LockHold> merged = new LinkedHashMap<>();
    reports.stream().flatMap(r -> r.locks().stream()).forEach(l -> merged.merge(
        l.object() + "\u0000" + l.mode(), l, (a, b) -> new MigrationReport.LockHold(a.object(),
            a.mode(), Math.max(a.rows(), b.rows()),
            a.held().compareTo(b.held()) >= 0 ? a.held() : b.held())));
    return merged.values().stream()
        .sorted(Comparator.comparing(MigrationReport.LockHold::held).reversed()).toList();
  }

  private void locks(List<MigrationReport.LockHold> locks) {
    html.append("<ul class=\"plain\">");
    for (MigrationReport.LockHold l : locks) {
      boolean blocks = WRITE_BLOCKING.contains(l.mode());
      html.append("<li><span class=\"").append(blocks ? "blocks" : "code").append("\">")
          .append(e(l.mode())).append("</span> on ").append(e(l.object()));
      if (l.rows() >= 0) {
        html.append(", ").append(e(Format.plural(l.rows(), "row")));
      }
      html.append(", held ").append(e(Format.duration(l.held())));
      if (blocks) {
        html.append(l.mode().equals("AccessExclusiveLock") ? " (blocks reads and writes)"
            : " (blocks writes)");
      }
      html.append("</li>");
    }
    html.append("</ul>");
  }

  private void plainList(Collection<String> items) {
    html.append("<ul class=\"plain\">");
    items.forEach(i -> html.append("<li>").append(e(i)).append("</li>"));
    html.append("</ul>");
  }

  private void allPaths() {
    html.append("<h2>All paths</h2>\n<table class=\"paths\">\n<thead><tr><th>from release</th>")
        .append("<th>PostgreSQL</th><th>mode</th><th>time zone</th><th>result</th><th>time</th>")
        .append("<th>inside migrations</th><th>migrations</th><th>problems</th><th>warnings</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (PathResult p : paths) {
      PathSpec s = p.spec();
      html.append("<tr class=\"").append(p.passed() ? "pass" : "fail").append('"');
      if (p.passed()) {
        html.append(" id=\"").append(e(anchor(p))).append('"');
      }
      html.append("><td>").append(e(s.from())).append("</td><td class=\"num\">").append(s.major())
          .append("</td><td>").append(e(s.mode().label())).append("</td><td>")
          .append(e(s.zone().getId())).append("</td><td>").append(verdict(p.passed()))
          .append("</td><td class=\"num\">").append(e(Format.duration(p.duration())))
          .append("</td><td class=\"num\">").append(e(Format.duration(p.insideMigrations())))
          .append("</td><td class=\"num\">").append(p.migrations().size())
          .append("</td><td class=\"num\">").append(p.problems().size())
          .append("</td><td class=\"num\">").append(warnings(p).size()).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  /** Where the matrix links: a failed path's findings, or a passed path's row. */
  private static String anchor(PathResult p) {
    return (p.passed() ? "path-" : "failure-") + p.spec().slug();
  }

  private static List<Finding> warnings(PathResult p) {
    return Checks.allFindings(p).stream().filter(f -> !f.fails()).toList();
  }

  private static String verdict(boolean passed) {
    return passed ? "<span class=\"verdict-pass\">passed</span>"
        : "<span class=\"verdict-fail\">FAILED</span>";
  }

  private static int compareMigrationKeys(String a, String b) {
    return VersionOrder.compare(a, b);
  }

  private static String e(String s) {
    return Markup.text(s);
  }
}
