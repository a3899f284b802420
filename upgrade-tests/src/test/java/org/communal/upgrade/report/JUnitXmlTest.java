package org.communal.upgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.communal.upgrade.Finding;
import org.communal.upgrade.Mode;
import org.communal.upgrade.PathResult;
import org.communal.upgrade.PathSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {
  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static Element testCase(Document doc, String name) {
    return elements(doc, "testcase").stream().filter(e -> e.getAttribute("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no test case " + name));
  }

  @Test
  void writesOneFileNamedByItsSlugPerPath(@TempDir Path dir) {
    List<Path> files = JUnitXml.write(SampleResults.mixed(), dir);

    assertThat(files).hasSize(6).allSatisfy(f -> assertThat(f).exists());
    assertThat(files).extracting(f -> f.getFileName().toString())
        .contains("TEST-empty-pg13-batched-UTC.xml", "TEST-0.9.0-pg13-batched-Europe_Berlin.xml");
  }

  @Test
  void countsTestsAndFailuresTheWayJenkinsReadsThem() throws Exception {
    PathResult failed = SampleResults.failed(
        SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.BERLIN));

    Document doc = parse(JUnitXml.render(failed));

    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name"))
        .isEqualTo("0.9.0 -> HEAD, PostgreSQL 13, batched, Europe/Berlin");
    // Six standard checks and one migration.
    assertThat(suite.getAttribute("tests")).isEqualTo("7");
    assertThat(elements(doc, "testcase")).hasSize(7);
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(elements(doc, "failure")).hasSize(2);
    assertThat(suite.getAttribute("time")).isEqualTo("4.100");
    assertThat(elements(doc, "testcase")).allSatisfy(tc -> assertThat(tc.getAttribute("classname"))
        .isEqualTo("upgrade.0_9_0-pg13-batched-Europe_Berlin"));
  }

  @Test
  void failsTheCheckAFindingBelongsToWithItsFullMessage() throws Exception {
    Document doc = parse(JUnitXml.render(SampleResults.failed(
        SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.UTC))));

    Element data =
        (Element) testCase(doc, "data preserved").getElementsByTagName("failure").item(0);
    assertThat(data.getAttribute("type")).isEqualTo("data-lost");
    assertThat(data.getAttribute("message")).startsWith("[data-lost] table things: 3 rows");
    assertThat(data.getTextContent()).contains("<script>alert('x')</script> & \"quotes\"");
    Element schema = (Element) testCase(doc, "schema equals a fresh install")
        .getElementsByTagName("failure").item(0);
    assertThat(schema.getTextContent())
        .contains("upgraded: character varying(80)\n  fresh:    text");
    assertThat(testCase(doc, "sequences ahead of their columns").getElementsByTagName("failure")
        .getLength()).as("a check with no finding passes").isZero();
  }

  @Test
  void givesEachMigrationATestCaseWithItsDurationAndWarnings() throws Exception {
    Document doc = parse(JUnitXml.render(SampleResults.passed(
        SampleResults.spec(null, null, 18, Mode.STEPWISE, SampleResults.UTC),
        SampleResults.v2(), SampleResults.v3())));

    Element v3 = testCase(doc, "V3 widen names");
    assertThat(v3.getAttribute("time")).isEqualTo("1.500");
    assertThat(v3.getElementsByTagName("failure").getLength()).isZero();
    assertThat(v3.getElementsByTagName("system-out").item(0).getTextContent())
        .contains("Warnings:", "[table-rewrite] V3 widen names: V3 rewrites table public.things");
    assertThat(testCase(doc, "V2 add owners").getAttribute("time")).isEqualTo("0.040");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void replacesCharactersThatXmlForbidsInsteadOfWritingABrokenFile() throws Exception {
    String xml = JUnitXml.render(SampleResults.failed(
        SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.UTC)));

    assertThat(xml).doesNotContain("\u0001").contains("\\u0001");
    Element failure = (Element) testCase(parse(xml), "data preserved")
        .getElementsByTagName("failure").item(0);
    assertThat(failure.getTextContent()).contains("\\u0001 vanished");
  }

  @Test
  void keepsLineBreaksInAttributesAndReplacesUnpairedSurrogates() {
    String escaped = Markup.attribute("a\nb\tc \uD800 d \uD83D\uDE00 \u001b[31m");

    assertThat(escaped).isEqualTo("a&#10;b&#9;c \\uD800 d \uD83D\uDE00 \\u001B[31m");
  }

  @Test
  void recordsWhereThePathStartedAsProperties() throws Exception {
    Document doc = parse(JUnitXml.render(SampleResults.passed(
        SampleResults.spec(null, null, 18, Mode.STEPWISE, SampleResults.BERLIN))));

    List<String> properties = elements(doc, "property").stream()
        .map(p -> p.getAttribute("name") + "=" + p.getAttribute("value")).toList();
    assertThat(properties).containsExactly("release=empty", "schema-version=", "postgresql=18",
        "mode=stepwise", "time-zone=Europe/Berlin");
  }

  @Test
  void putsAnEdgeValueThatFailsAMigrationUnderMigrationsApplyAsAWarning() throws Exception {
    PathSpec spec = SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.UTC);
    PathResult edge = new PathResult(spec, List.of(Finding.warning("edge-value-fails-migration",
        "column things.notes", "V2__index_notes.sql failed at `CREATE INDEX things_notes ON"
            + " things (notes)`")), List.of(), Duration.ofSeconds(2), Duration.ZERO);

    Document doc = parse(JUnitXml.render(edge));

    Element apply = testCase(doc, "migrations apply");
    assertThat(apply.getElementsByTagName("failure").getLength()).isZero();
    assertThat(apply.getElementsByTagName("system-out").item(0).getTextContent())
        .contains("[edge-value-fails-migration] column things.notes: V2__index_notes.sql");
    assertThat(elements(doc, "testcase")).hasSize(6);
  }

  @Test
  void listsACheckThatOnlySomePathsRunOnlyWhereItFoundSomething() throws Exception {
    PathSpec berlin = SampleResults.spec("0.9.0", "2", 13, Mode.BATCHED, SampleResults.BERLIN);
    PathResult dependent = new PathResult(berlin, List.of(Finding.failure("time-zone-dependent",
        "table events", "after the same upgrade its rows differ between session time zone"
            + " Europe/Berlin and UTC.")), List.of(), Duration.ofSeconds(2), Duration.ZERO);

    Element zone = testCase(parse(JUnitXml.render(dependent)), "same data in every time zone");

    assertThat(((Element) zone.getElementsByTagName("failure").item(0)).getAttribute("type"))
        .isEqualTo("time-zone-dependent");
    assertThat(elements(parse(JUnitXml.render(SampleResults.passed(berlin))), "testcase"))
        .extracting(e -> e.getAttribute("name")).doesNotContain("same data in every time zone")
        .hasSize(6);
  }
}
