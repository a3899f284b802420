package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.EnumSet;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API over real HTTP on loopback, against a real PostgreSQL. The servlet is mounted below
 * a context path, as inside Jenkins, so that links are proved to carry it.
 */
class ApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestServer server;
  private static CommunalCore core;
  private static String base;
  private static String token;

  @BeforeAll
  static void startServer() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    User alice = core.users().create(new NewUser("alice", "Alice", Optional.empty(), false,
        Optional.empty())).user();
    alice = core.users().setPassword(alice, "alice's long password", false);
    token = core.apiTokens().create(alice, alice, "tests", EnumSet.of(Permission.READ,
        Permission.WRITE), Optional.empty()).value();
    server = TestServer.start(new CommunalServlet(core, new AccountsHost(core, false)));
    base = server.base();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .header("Authorization", "token " + token).build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .POST(BodyPublishers.ofByteArray(body)).header("Authorization", "token " + token);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String json) throws Exception {
    return post("api/review-requests/", "application/json", json.getBytes("UTF-8"));
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static long count() throws Exception {
    return json(get("api/review-requests/")).get("total_results").asLong();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode p = json(r);
    assertThat(p.get("code").asText()).isEqualTo(code);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isNotBlank();
  }

  @Test
  void healthReportsTheDatabaseAndSchemaVersion() throws Exception {
    HttpResponse<String> r = get("health");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("ok");
    assertThat(json(r).at("/database/schema_version").asText()).isNotEmpty();
  }

  @Test
  void theRootLinksToEveryResourceWithAbsoluteUrlsUnderTheContextPath() throws Exception {
    JsonNode root = json(get("api/"));

    assertThat(root.at("/links/review_requests/href").asText())
        .isEqualTo(base + "api/review-requests/");
    assertThat(root.at("/links/create_review_request/method").asText()).isEqualTo("POST");
    assertThat(root.at("/product/name").asText()).isEqualTo("Communal");
  }

  @Test
  void createsAReviewRequestAndReadsItAtItsLocation() throws Exception {
    HttpResponse<String> created = postJson("{\"summary\": \"Fix the pager\","
        + " \"description\": \"Skipped page 2\", \"bugs_closed\": [\"BZ-7\"]}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    JsonNode read = json(get(location));
    assertThat(read).isEqualTo(json(created));
    assertThat(read.get("summary").asText()).isEqualTo("Fix the pager");
    assertThat(read.get("bugs_closed").get(0).asText()).isEqualTo("BZ-7");
    assertThat(read.get("status").asText()).isEqualTo("pending");
    assertThat(read.at("/submitter/username").asText()).isEqualTo("alice");
    assertThat(read.at("/links/self/href").asText()).isEqualTo(location);
  }

  @Test
  void storesInjectionAttemptsAsPlainData() throws Exception {
    String summary = "'); DROP TABLE users; -- <script>alert(1)</script>";
    HttpResponse<String> created = postJson(JSON.writeValueAsString(
        JSON.createObjectNode().put("summary", summary)));

    assertThat(json(get(created.headers().firstValue("Location").orElseThrow()))
        .get("summary").asText()).isEqualTo(summary);
    assertThat(get("health").statusCode()).isEqualTo(200);
  }

  @Test
  void listsInPagesWithATotalAndNextAndPrevLinks() throws Exception {
    for (int i = 0; i < 3; i++) {
      postJson("{\"summary\": \"page item " + i + "\"}");
    }
    long total = count();

    JsonNode first = json(get("api/review-requests/?max-results=2"));
    JsonNode second = json(get(first.at("/links/next/href").asText()));

    assertThat(first.get("total_results").asLong()).isEqualTo(total);
    assertThat(first.get("review_requests")).hasSize(2);
    assertThat(first.at("/links/prev").isMissingNode()).isTrue();
    assertThat(second.at("/links/prev/href").asText())
        .isEqualTo(base + "api/review-requests/?start=0&max-results=2");
    assertThat(second.get("review_requests").get(0).get("id"))
        .isNotEqualTo(first.get("review_requests").get(0).get("id"));
  }

  @Test
  void anUnknownIdIsNotFound() throws Exception {
    assertProblem(get("api/review-requests/987654321/"), 404, "not-found");
    assertProblem(get("api/review-requests/99999999999999999999999/"), 404, "not-found");
    assertProblem(get("api/review-requests/abc/"), 404, "not-found");
    assertProblem(get("api/no-such-thing/"), 404, "not-found");
  }

  @Test
  void malformedJsonIsRejectedAndStoresNothing() throws Exception {
    long before = count();

    assertProblem(postJson("{\"summary\": "), 400, "invalid-json");
    assertProblem(postJson("[\"summary\"]"), 400, "invalid-json");
    assertProblem(postJson(""), 400, "invalid-json");
    assertProblem(post("api/review-requests/", "application/json",
        new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
        400, "invalid-json");

    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aMissingOrBadFieldIsNamedAndStoresNothing() throws Exception {
    long before = count();

    HttpResponse<String> missing = postJson("{\"description\": \"no summary\"}");
    HttpResponse<String> bad = postJson(
        "{\"summary\": 5, \"bugs_closed\": \"BZ-1\", \"repository\": \"x\", \"sumary\": \"typo\"}");

    assertProblem(missing, 400, "invalid-field");
    assertThat(json(missing).at("/invalid_params/0/name").asText()).isEqualTo("summary");
    assertProblem(bad, 400, "invalid-field");
    assertThat(json(bad).get("invalid_params").findValuesAsText("name"))
        .containsExactlyInAnyOrder("sumary", "summary", "bugs_closed", "repository");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void badPagingParametersAreNamed() throws Exception {
    HttpResponse<String> r = get("api/review-requests/?start=-1&max-results=1000");

    assertProblem(r, 400, "invalid-field");
    assertThat(json(r).get("invalid_params").findValuesAsText("name"))
        .containsExactly("start", "max-results");
    assertProblem(get("api/review-requests/?start=two"), 400, "invalid-field");
  }

  @Test
  void theWrongMediaTypeMethodOrSizeGetsItsOwnProblem() throws Exception {
    assertProblem(post("api/review-requests/", "text/plain", "{}".getBytes("UTF-8")), 415,
        "unsupported-media-type");
    assertThat(rawStatusLineForAnnouncedBody(2 * 1024 * 1024)).contains(" 413 ");
    HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/"))
        .PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    assertProblem(put, 405, "method-not-allowed");
    assertThat(put.headers().firstValue("Allow")).contains("GET");
  }

  /** Announces a body of this size but never sends it: the server must refuse from the headers. */
  private static String rawStatusLineForAnnouncedBody(int length) throws IOException {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String head = "POST " + uri.getPath() + "api/review-requests/ HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: token " + token + "\r\nContent-Type: application/json\r\nContent-Length: " + length
          + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void anAnonymousCallerCannotCreate() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/review-requests/"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"summary\": \"x\"}")).build(), BodyHandlers.ofString());

    assertProblem(r, 401, "unauthenticated");
  }
}
