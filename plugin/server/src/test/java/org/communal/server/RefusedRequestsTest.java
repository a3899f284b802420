package org.communal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that Jetty refuses before they reach the servlet (a malformed or ambiguous URI, a bad
 * header, a head too large) are answered like the servlet's own refusals: problem+json with a
 * stable code and the security headers, no HTML page, no stack trace, no server version. Sent as
 * raw bytes, since a real client cleans up or refuses such requests.
 */
class RefusedRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private static CommunalServer server;

  @BeforeAll
  static void start() {
    TestPostgres.TestDatabase db = TestPostgres.migratedDatabase();
    server = CommunalServer.start(new ServerSettings("127.0.0.1", 0, dataDir, Optional.of(
        new ServerSettings.ExternalDatabase(db.jdbcUrl(), "postgres", null)), false, false, 0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Answer send(String requestLine, String headers) throws Exception {
    return RawHttp.exchange(server.uri(), requestLine + "\r\nHost: localhost\r\n" + headers
        + "Connection: close\r\n\r\n");
  }

  private static void assertNoServerDetails(RawHttp.Answer answer) {
    assertThat(answer.header("Server")).as(answer.toString()).isEmpty();
    assertThat(answer.header("X-Powered-By")).as(answer.toString()).isEmpty();
    assertThat(answer.body()).as(answer.toString())
        .doesNotContainIgnoringCase("<html").doesNotContain("Jetty", "at org.", "Exception");
  }

  private static void assertSecurityHeaders(RawHttp.Answer answer) {
    assertThat(answer.header("Content-Security-Policy")).as(answer.toString())
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'",
            "frame-ancestors 'none'"));
    assertThat(answer.header("Referrer-Policy")).as(answer.toString()).hasValue("same-origin");
    assertThat(answer.header("X-Content-Type-Options")).as(answer.toString()).hasValue("nosniff");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "GET /% HTTP/1.1                    | '' | 400 | bad-request",
      "GET /api/%2e%2e/ HTTP/1.1          | '' | 400 | bad-request",
      "GET /api/../../etc/passwd HTTP/1.1 | '' | 400 | bad-request",
      "GET /api/%2F/ HTTP/1.1             | '' | 400 | bad-request",
      "GET /api/..;/ HTTP/1.1             | '' | 400 | bad-request",
      "GET //api/ HTTP/1.1                | '' | 400 | bad-request",
      "GET /api/%00/ HTTP/1.1             | '' | 400 | bad-request",
      "GET /api/\\..\\ HTTP/1.1           | '' | 400 | bad-request",
      "PUT /api/%2e%2e/ HTTP/1.1          | '' | 400 | bad-request",
      "DELETE /% HTTP/1.1                 | '' | 400 | bad-request",
      "GET /api/ HTTP/1.1                 | 'No colon here\r\n' | 400 | bad-request",
      "GET /api/ HTTP/1.1                 | 'Content-Length: -1\r\n' | 400 | bad-request",
      "GET /api/ HTTP/7.0                 | '' | 505 | http-version-not-supported",
  })
  void aRequestJettyRefusesGetsAProblemWithAStableCode(String requestLine, String headers,
      int status, String code) throws Exception {
    RawHttp.Answer answer = send(requestLine.strip(), headers);

    assertProblem(answer, status, code);
  }

  @Test
  void aRequestWithoutHostIsABadRequest() throws Exception {
    assertProblem(RawHttp.exchange(server.uri(), "GET /api/ HTTP/1.1\r\n\r\n"), 400,
        "bad-request");
  }

  @Test
  void aHeadTooLargeIsRefusedWithItsOwnCode() throws Exception {
    assertProblem(send("GET /api/ HTTP/1.1", "X-Big: " + "a".repeat(20_000) + "\r\n"), 431,
        "headers-too-large");
    assertProblem(send("GET /" + "a".repeat(20_000) + " HTTP/1.1", ""), 414, "uri-too-long");
  }

  @Test
  void aRefusedHeadRequestGetsTheHeadersButNoBody() throws Exception {
    RawHttp.Answer answer = send("HEAD /api/%2e%2e/ HTTP/1.1", "");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).as(answer.toString())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(answer.body()).as(answer.toString()).isEmpty();
    assertSecurityHeaders(answer);
  }

  @Test
  void anOrdinaryAnswerDoesNotNameTheServer() throws Exception {
    RawHttp.Answer answer = send("GET /api/ HTTP/1.1", "");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertNoServerDetails(answer);
    assertSecurityHeaders(answer);
  }

  private static void assertProblem(RawHttp.Answer answer, int status, String code)
      throws Exception {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).as(answer.toString())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("code").asText()).as(answer.toString()).isEqualTo(code);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertNoServerDetails(answer);
    assertSecurityHeaders(answer);
  }
}
