package org.communal.upgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class HtmlReportTest {
  /** The page read as XML: it is written as well-formed markup, so a strict parser reads it. */
  private static Document parse(String html) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> texts(Document doc, String xpath) throws Exception {
    NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
        .evaluate(xpath, doc, XPathConstants.NODESET);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().strip());
    }
    return texts;
  }

  private static Node node(Document doc, String xpath) throws Exception {
    return (Node) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODE);
  }

  @Test
  void listsReleasesByVersionWithTheEmptyDatabaseFirst() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.allPassing()));

    assertThat(texts(doc, "//table[@class='matrix']/tbody/tr/th"))
        .containsExactly("empty", "0.9.0", "0.10.0");
    assertThat(texts(doc, "//table[@class='matrix']/thead/tr/th"))
        .containsExactly("from release", "PostgreSQL 13", "PostgreSQL 18");
  }

  @Test
  void showsEachMatrixCellsVerdictAndDuration() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.allPassing()));

    assertThat(texts(doc, "//table[@class='matrix']/tbody/tr[th='empty']/td"))
        .containsExactly("passed 3.2 s", "passed 3.2 s");
    assertThat(texts(doc, "//table[@class='matrix']/tbody/tr[th='0.9.0']/td"))
        .containsExactly("passed 3.2 s", "not run");
    assertThat(texts(doc, "//h1")).containsExactly("Upgrade test of things: passed");
  }

  @Test
  void splitsACellByModeAndTimeZoneWhenTheyVary() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.mixed()));

    assertThat(texts(doc, "//table[@class='matrix']/tbody/tr[th='0.9.0']/td[1]/ul/li"))
        .containsExactly("batched, UTC, passed 3.2 s", "batched, Europe/Berlin, FAILED 4.1 s");
    assertThat(node(doc, "//table[@class='matrix']/tbody/tr[th='0.9.0']/td[1]/@class")
        .getNodeValue()).isEqualTo("fail");
    assertThat(node(doc, "//table[@class='matrix']/tbody/tr[th='0.9.0']/td[2]/@class")
        .getNodeValue()).isEqualTo("pass");
    assertThat(texts(doc, "//h1")).containsExactly("Upgrade test of things: FAILED");
  }

  @Test
  void linksAFailedCellToThatPathsFindingsInFull() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.mixed()));

    String href = node(doc, "//table[@class='matrix']//li[@class='fail']/a/@href").getNodeValue();
    assertThat(href).isEqualTo("#failure-0.9.0-pg13-batched-Europe_Berlin");
    String section = texts(doc, "//section[@id='" + href.substring(1) + "']").get(0);
    assertThat(section)
        .contains("0.9.0 -> HEAD, PostgreSQL 13, batched, Europe/Berlin")
        .contains("2 problems and 1 warning")
        .contains("[schema-differs]", "upgraded: character varying(80)\n  fresh:    text")
        .contains("[data-lost]", "Row id=2 <script>alert('x')</script> & \"quotes\"");
  }

  @Test
  void escapesEveryMessageSoThatItCannotInjectMarkup() {
    String html = HtmlReport.render(SampleResults.mixed());

    assertThat(html).doesNotContain("<script").doesNotContain("\u0001")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
  }

  @Test
  void needsNothingBeyondTheFileItself() {
    String html = HtmlReport.render(SampleResults.mixed());

    assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "http://", "https://",
        "@import");
    assertThat(html).contains("<style>");
  }

  @Test
  void reportsEachMigrationsLocksRewritesAndScansPerMajor() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.mixed()));

    List<String> v3 = texts(doc, "//table[@class='migrations']/tbody/tr[th='V3 widen names']/td");
    assertThat(v3.get(0)).isEqualTo("13");
    assertThat(v3.get(1)).as("runs on PostgreSQL 13").isEqualTo("4");
    assertThat(v3.get(2)).isEqualTo("1.5 s");
    assertThat(v3.get(3)).contains("AccessExclusiveLock on public.things, 1,000 rows, held 1.5 s"
        + " (blocks reads and writes)", "RowExclusiveLock on public.owners, 20 rows, held 10 ms");
    assertThat(v3.get(4)).isEqualTo("public.things");
    assertThat(v3.get(5)).isEqualTo("public.owners");
    assertThat(v3.get(6)).contains("[table-rewrite]", "V3 widen names");
    assertThat(texts(doc, "//table[@class='migrations']/tbody/tr/th"))
        .containsExactly("V2 add owners", "V3 widen names");
  }

  @Test
  void statesTheTotals() throws Exception {
    Document doc = parse(HtmlReport.render(SampleResults.mixed()));

    assertThat(texts(doc, "//table[@class='totals']/tr/th")).containsExactly("Paths", "Passed",
        "Failed", "Warnings", "Wall time", "Inside migrations (summed over paths)");
    assertThat(texts(doc, "//table[@class='totals']/tr/td"))
        .containsExactly("6", "5", "1", "5", "42.0 s", "9.2 s");
  }

  @Test
  void writesThePageAndTheJsonBesideIt(@TempDir Path dir) throws Exception {
    List<Path> files = Reports.write(SampleResults.mixed(), dir);

    assertThat(files.get(0)).isEqualTo(dir.resolve("index.html"));
    assertThat(files.get(1)).isEqualTo(dir.resolve("report.json"));
    assertThat(files).hasSize(8);
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
    assertThat(json.get("project").asText()).isEqualTo("things");
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("wallMillis").asDouble()).isEqualTo(42_000.0);
    JsonNode failed = json.get("paths").get(3);
    assertThat(failed.get("release").asText()).isEqualTo("0.9.0");
    assertThat(failed.get("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(failed.get("findings").get(0).get("message").asText())
        .contains("<script>alert('x')</script> & \"quotes\" \u0001 vanished");
    JsonNode lock = failed.get("migrations").get(0).get("locks").get(0);
    assertThat(lock.get("mode").asText()).isEqualTo("AccessExclusiveLock");
    assertThat(lock.get("rows").asLong()).isEqualTo(1000);
    assertThat(lock.get("heldMillis").asDouble()).isEqualTo(1480.0);
    assertThat(json.get("paths").get(0).get("release").isNull()).isTrue();
  }
}
