package org.communal.upgrade.report;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.communal.upgrade.Finding;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;

/**
 * Writes JUnit XML as Jenkins' {@code junit} step reads it: one file per path, named {@code
 * TEST-<slug>.xml}, holding one test suite with a test case per check (the standard checks, then
 * one per migration for its safety). A failing check carries its failures' messages; warnings go to
 * the test case's standard output. Stateless and thread-safe.
 */
public final class JUnitXml {
  private JUnitXml() {}

  /**
   * Writes one file per path into a folder, creating it if needed, and returns the files written.
   *
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Path> write(MatrixResult matrix, Path folder) {
    List<Path> written = new ArrayList<>();
    for (PathResult path : matrix.paths()) {
      written.add(Reports.writeFile(folder, fileName(path.spec()), render(path)));
    }
    return written;
  }

  /** The file name of a path's report: {@code TEST-0.2.0-pg13-batched-UTC.xml}. */
  public static String fileName(PathSpec spec) {
    return "TEST-" + spec.slug() + ".xml";
  }

  /** One path's test suite as an XML document. */
  public static String render(PathResult path) {
    List<Checks.Check> checks = Checks.of(path);
    long failures = checks.stream().filter(c -> !c.passed()).count();
    PathSpec spec = path.spec();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuite name=\"").append(Markup.attribute(spec.name()))
        .append("\" tests=\"").append(checks.size())
        .append("\" failures=\"").append(failures)
        .append("\" errors=\"0\" skipped=\"0\" time=\"").append(Format.seconds(path.duration()))
        .append("\">\n");
    properties(xml, spec);
    String className = className(spec);
    for (Checks.Check check : checks) {
      testCase(xml, className, check);
    }
    xml.append("  <system-out>").append(Markup.text(summary(path))).append("</system-out>\n");
    return xml.append("</testsuite>\n").toString();
  }

  /**
   * The class name Jenkins groups a path's checks under: {@code upgrade.0_2_0-pg13-batched-UTC}.
   * Dots become underscores, since Jenkins reads everything before the last dot as a package.
   */
  static String className(PathSpec spec) {
    return "upgrade." + spec.slug().replace('.', '_');
  }

  private static void properties(StringBuilder xml, PathSpec spec) {
    xml.append("  <properties>\n");
    property(xml, "release", spec.from());
    property(xml, "schema-version", spec.schemaVersion().orElse(""));
    property(xml, "postgresql", Integer.toString(spec.major()));
    property(xml, "mode", spec.mode().label());
    property(xml, "time-zone", spec.zone().getId());
    xml.append("  </properties>\n");
  }

  private static void property(StringBuilder xml, String name, String value) {
    xml.append("    <property name=\"").append(Markup.attribute(name)).append("\" value=\"")
        .append(Markup.attribute(value)).append("\"/>\n");
  }

  private static void testCase(StringBuilder xml, String className, Checks.Check check) {
    String time =
        check.migration() == null ? "0.000" : Format.seconds(check.migration().duration());
    xml.append("  <testcase classname=\"").append(Markup.attribute(className))
        .append("\" name=\"").append(Markup.attribute(check.name()))
        .append("\" time=\"").append(time).append("\">\n");
    List<Finding> failures = check.failures();
    if (!failures.isEmpty()) {
      String message = failures.size() == 1 ? failures.get(0).describe()
          : Format.plural(failures.size(), "problem") + ", first: " + failures.get(0).describe();
      String types = failures.stream().map(Finding::check).distinct()
          .collect(Collectors.joining(" "));
      xml.append("    <failure message=\"").append(Markup.attribute(message))
          .append("\" type=\"").append(Markup.attribute(types)).append("\">")
          .append(Markup.text(lines(failures))).append("</failure>\n");
    }
    if (!check.warnings().isEmpty()) {
      xml.append("    <system-out>").append(Markup.text("Warnings:\n" + lines(check.warnings())))
          .append("</system-out>\n");
    }
    xml.append("  </testcase>\n");
  }

  private static String lines(List<Finding> findings) {
    return findings.stream().map(f -> "- " + f.describe()).collect(Collectors.joining("\n"));
  }

  private static String summary(PathResult path) {
    long warnings = path.findings().stream().filter(f -> !f.fails()).count();
    return path.spec().name() + ": " + (path.passed() ? "passed" : "FAILED") + " in "
        + Format.duration(path.duration()) + " (" + Format.duration(path.insideMigrations())
        + " of it inside migrations), "
        + Format.plural(path.problems().size(), "problem") + ", "
        + Format.plural(warnings, "warning") + "\n";
  }
}
