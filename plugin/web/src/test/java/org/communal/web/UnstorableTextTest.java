package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not Unicode (half of a surrogate
 * pair), in any JSON string or query parameter, and JSON objects that name a field twice, are
 * refused where the input is read: 400 with a code naming the problem, and nothing changes.
 */
class UnstorableTextTest {

  private static TestServer server;
  private static Map<String, String> admin;

  @BeforeAll
  static void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = TestServer.start(new CommunalServlet(core, new AccountsHost(core, false)));
    admin = TestAdmin.create(core).authorization();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode problem(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = TestServer.json(r);
    assertThat(problem.get("code").asText()).as(r.body()).isEqualTo(code);
    return problem;
  }

  private static long reviewRequests() throws Exception {
    return TestServer.json(server.send("GET", "api/review-requests/", null, admin))
        .get("total_results").asLong();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a\\u0000b", "\\u0000", "lone \\ud800 high", "lone \\udc00 low",
      "reversed \\udc00\\ud800", "at the end \\ud83d"})
  void aJsonStringThatCannotBeStoredIsRefusedAndNamed(String summary) throws Exception {
    long before = reviewRequests();

    HttpResponse<String> r = server.send("POST", "api/review-requests/",
        "{\"summary\": \"" + summary + "\"}", admin);

    assertThat(problem(r, 400, "invalid-text").get("detail").asText()).contains("summary");
    assertThat(reviewRequests()).isEqualTo(before);
  }

  @Test
  void aStringDeepInsideTheBodyIsNamedByItsPlace() throws Exception {
    HttpResponse<String> r = server.send("POST", "api/review-requests/",
        "{\"summary\": \"fine\", \"bugs_closed\": [\"BZ-1\", \"BZ-\\u0000\"]}", admin);

    assertThat(problem(r, 400, "invalid-text").get("detail").asText()).contains("bugs_closed[1]");
  }

  @Test
  void aFieldNameThatCannotBeStoredIsRefused() throws Exception {
    problem(server.send("POST", "api/review-requests/", "{\"sum\\u0000mary\": \"x\"}", admin),
        400, "invalid-text");
  }

  @Test
  void everyEndpointIsCovered() throws Exception {
    problem(server.send("POST", "api/session/", "{\"username\": \"ro\\u0000ot\", \"password\":"
        + " \"whatever it is\"}", Map.of()), 400, "invalid-text");
    problem(server.send("POST", "api/users/root/api-tokens/", "{\"name\": \"\\u0000\","
        + " \"scopes\": [\"read\"]}", admin), 400, "invalid-text");
    problem(server.send("POST", "api/groups/", "{\"name\": \"g\\ud800\"}", admin), 400,
        "invalid-text");
  }

  @Test
  void wellFormedTextOutsideTheBasicPlaneIsKept() throws Exception {
    HttpResponse<String> r = server.send("POST", "api/review-requests/",
        "{\"summary\": \"smile \\ud83d\\ude00 and \u00e9\"}", admin);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(TestServer.json(r).get("summary").asText()).isEqualTo("smile \ud83d\ude00 and é");
  }

  @Test
  void aFieldNamedTwiceIsRefused() throws Exception {
    long before = reviewRequests();

    HttpResponse<String> r = server.send("POST", "api/review-requests/",
        "{\"summary\": \"first\", \"summary\": \"second\"}", admin);

    assertThat(problem(r, 400, "invalid-json").get("detail").asText()).contains("summary");
    assertThat(reviewRequests()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"q=%00", "q=a%00b", "from-user=%00", "q=%ED%A0%80", "q=%C3%28",
      "q=%zz", "q=%", "status=%00"})
  void aQueryParameterThatCannotBeStoredOrDecodedIsRefused(String query) throws Exception {
    String answer = rawGet("api/review-requests/?" + query);

    assertThat(answer).as(answer).startsWith("HTTP/1.1 400 ")
        .contains("application/problem+json", "\"code\":\"invalid-text\"");
  }

  /** A GET sent as bytes: java.net.http refuses a query with a malformed escape such as %zz. */
  private static String rawGet(String path) throws Exception {
    java.net.URI base = java.net.URI.create(server.base());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + base.getPath() + path + " HTTP/1.1\r\nHost:"
          + " localhost\r\nAuthorization: " + admin.get("Authorization") + "\r\nConnection:"
          + " close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aQueryParameterOutsideTheBasicPlaneIsSearchedFor() throws Exception {
    HttpResponse<String> r = server.send("GET", "api/review-requests/?q=%F0%9F%98%80", null,
        admin);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
