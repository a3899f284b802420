package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.communal.webhooks.WebhookDispatcher;
import org.communal.webhooks.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Webhook administration over loopback HTTP against a real PostgreSQL, with a dispatcher sending
 * to a real receiver on 127.0.0.1: CRUD, the secret shown once, who may do what, validation, the
 * delivery log and redelivery.
 */
class WebhooksApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SECRET = "the receiver's shared secret";

  private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<WebhookDispatcher.Attempt> attempts = new LinkedBlockingQueue<>();
  private CommunalCore core;
  private Context root;
  private TestServer server;
  private HttpServer receiver;
  private Map<String, String> admin;
  private Map<String, String> adminReadOnly;
  private Map<String, String> bob;

  @BeforeEach
  void start() throws Exception {
    ContextRegistry.setClock(Clock.systemUTC());
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource);
    root = Context.root("webhooks-api-test");
    Webhooks webhooks = Webhooks.configure(dataSource).build();
    webhooks.dispatcher().pollEvery(Duration.ofMinutes(10)).afterAttempt(attempts::add)
        .start(root);
    server = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(root).webhooks(webhooks).build());
    User a = user("admin", true);
    admin = token(a, EnumSet.allOf(Permission.class));
    adminReadOnly = token(a, EnumSet.of(Permission.READ, Permission.WRITE));
    bob = token(user("bob", false), EnumSet.of(Permission.READ, Permission.WRITE));
    startReceiver();
  }

  private void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new String[] {new String(body, StandardCharsets.UTF_8),
          exchange.getRequestHeaders().getFirst("X-Communal-Signature")});
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    root.close();
    receiver.stop(0);
  }

  private User user(String name, boolean isAdmin) {
    String password = "the password of " + name;
    User u = core.users().create(new NewUser(name, name, Optional.empty(), isAdmin,
        Optional.empty())).user();
    return core.users().setPassword(u, password, false);
  }

  private Map<String, String> token(User u, EnumSet<Permission> scopes) {
    return Map.of("Authorization", "token " + core.apiTokens().create(u, u, "t", scopes,
        Optional.empty()).value());
  }

  private String receiverUrl() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private HttpResponse<String> send(String method, String path, String json,
      Map<String, String> who) throws Exception {
    return server.send(method, path, json, who);
  }

  private JsonNode created(String json) throws Exception {
    HttpResponse<String> r = send("POST", "api/webhooks/", json, admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  private JsonNode webhook(String... events) throws Exception {
    return created("{\"url\": \"" + receiverUrl() + "\", \"events\": "
        + TestServer.JSON.writeValueAsString(List.of(events)) + ", \"secret\": \"" + SECRET
        + "\"}");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(TestServer.json(r).get("code").asText()).isEqualTo(code);
  }

  @Test
  void anAdminCreatesAWebhookAndSeesItsGeneratedSecretOnlyInTheAnswerToTheCreate()
      throws Exception {
    HttpResponse<String> r = send("POST", "api/webhooks/", "{\"url\": \"https://ci.example.org"
        + "/hook\", \"events\": [\"review_published\", \"review_request_published\"]}", admin);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode made = TestServer.json(r);
    String secret = made.get("secret").asText();
    assertThat(secret).startsWith("whsec_").hasSize(49);
    String location = r.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> read = send("GET", location, null, admin);
    HttpResponse<String> list = send("GET", "api/webhooks/", null, admin);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secret).doesNotContain("\"secret\"");
    assertThat(list.body()).doesNotContain(secret).doesNotContain("\"secret\"");
    JsonNode got = TestServer.json(read);
    assertThat(got.get("url").asText()).isEqualTo("https://ci.example.org/hook");
    assertThat(got.get("events")).extracting(JsonNode::asText)
        .containsExactly("review_request_published", "review_published");
    assertThat(got.get("enabled").asBoolean()).isTrue();
    assertThat(got.get("repository").isNull()).isTrue();
    assertThat(got.at("/links/self/href").asText()).isEqualTo(location);
    assertThat(TestServer.json(list).get("total_results").asInt()).isEqualTo(1);
  }

  @Test
  void aPatchChangesOnlyTheFieldsItNamesAndDeleteRemovesTheWebhook() throws Exception {
    long repo = core.repositories().create("app", "https://git.example.org/app.git", "main").id();
    JsonNode made = created("{\"url\": \"https://ci.example.org/hook\", \"events\":"
        + " [\"review_published\"], \"repository\": " + repo + "}");
    String path = "api/webhooks/" + made.get("id").asLong() + "/";

    HttpResponse<String> patched = send("PATCH", path, "{\"enabled\": false, \"repository\":"
        + " null, \"url\": \"https://ci.example.org/other\"}", admin);

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    JsonNode now = TestServer.json(send("GET", path, null, admin));
    assertThat(now.get("enabled").asBoolean()).isFalse();
    assertThat(now.get("repository").isNull()).isTrue();
    assertThat(now.get("url").asText()).isEqualTo("https://ci.example.org/other");
    assertThat(now.get("events")).extracting(JsonNode::asText).containsExactly("review_published");
    assertThat(send("DELETE", path, null, admin).statusCode()).isEqualTo(204);
    assertProblem(send("GET", path, null, admin), 404, "not-found");
    assertProblem(send("DELETE", path, null, admin), 404, "not-found");
  }

  @Test
  void badFieldsAreInvalidFieldListingEachProblem() throws Exception {
    HttpResponse<String> r = send("POST", "api/webhooks/", "{\"url\": \"ftp://ci.example.org/\","
        + " \"events\": [\"review_published\", \"reveiw_published\", \"pushed\"]}", admin);
    HttpResponse<String> typed = send("POST", "api/webhooks/", "{\"url\": 5, \"events\":"
        + " \"review_published\", \"colour\": \"red\"}", admin);
    HttpResponse<String> repo = send("POST", "api/webhooks/", "{\"url\":"
        + " \"https://ci.example.org/\", \"events\": [\"review_published\"], \"repository\":"
        + " 424242}", admin);

    assertProblem(r, 400, "invalid-field");
    assertThat(TestServer.json(r).get("invalid_params").findValuesAsText("name"))
        .containsExactly("url", "events", "events");
    assertThat(TestServer.json(r).get("invalid_params").findValuesAsText("reason"))
        .anySatisfy(reason -> assertThat(reason).contains("\"reveiw_published\""))
        .anySatisfy(reason -> assertThat(reason).contains("\"pushed\""));
    assertProblem(typed, 400, "invalid-field");
    assertThat(TestServer.json(typed).get("invalid_params").findValuesAsText("name"))
        .containsExactlyInAnyOrder("url", "events", "colour");
    assertProblem(repo, 400, "invalid-field");
    assertThat(TestServer.json(repo).get("invalid_params").findValuesAsText("name"))
        .containsExactly("repository");
    assertThat(TestServer.json(send("GET", "api/webhooks/", null, admin))
        .get("total_results").asInt()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "GET, api/webhooks/",
      "POST, api/webhooks/",
      "GET, api/webhooks/{id}/",
      "PATCH, api/webhooks/{id}/",
      "DELETE, api/webhooks/{id}/",
      "POST, api/webhooks/{id}/ping/",
      "GET, api/webhooks/{id}/deliveries/",
      "GET, api/webhooks/{id}/deliveries/{d}/",
      "POST, api/webhooks/{id}/deliveries/{d}/redeliver/"})
  void onlyAdminsWithAnAdminCredentialMayUseIt(String method, String template) throws Exception {
    JsonNode made = webhook("review_published");
    long id = made.get("id").asLong();
    long delivery = TestServer.json(send("POST", "api/webhooks/" + id + "/ping/", null, admin))
        .get("id").asLong();
    String path = template.replace("{id}", Long.toString(id))
        .replace("{d}", Long.toString(delivery));
    String body = method.equals("GET") || method.equals("DELETE") ? null
        : "{\"url\": \"https://ci.example.org/x\", \"events\": [\"review_published\"]}";

    assertProblem(send(method, path, body, bob), 403, "permission-denied");
    assertProblem(send(method, path, body, adminReadOnly), 403, "permission-denied");
    assertProblem(send(method, path, body, Map.of()), 401, "unauthenticated");
    assertThat(send("GET", "api/webhooks/" + id + "/", null, admin).statusCode()).isEqualTo(200);
  }

  @Test
  void aPingReachesTheReceiverSignedWithTheSecretAndIsLoggedAsDelivered() throws Exception {
    long id = webhook("review_published").get("id").asLong();

    HttpResponse<String> ping = send("POST", "api/webhooks/" + id + "/ping/", null, admin);
    String[] got = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    WebhookDispatcher.Attempt attempt = attempts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(ping.statusCode()).as(ping.body()).isEqualTo(201);
    assertThat(got).as("the receiver got the ping").isNotNull();
    assertThat(attempt).as("the attempt was recorded").isNotNull();
    JsonNode body = TestServer.JSON.readTree(got[0]);
    assertThat(body.get("event").asText()).isEqualTo("ping");
    assertThat(body.get("delivery").asLong()).isEqualTo(TestServer.json(ping).get("id").asLong());
    assertThat(body.at("/payload/webhook_id").asLong()).isEqualTo(id);
    assertThat(got[1]).isEqualTo("sha256=" + hmacHex(got[0].getBytes(StandardCharsets.UTF_8)));
    JsonNode log = TestServer.json(send("GET", "api/webhooks/" + id + "/deliveries/", null,
        admin));
    assertThat(log.at("/deliveries/0/status").asText()).isEqualTo("delivered");
    assertThat(log.at("/deliveries/0/attempts").asInt()).isEqualTo(1);
    assertThat(log.at("/deliveries/0/response_code").asInt()).isEqualTo(200);
    assertThat(log.at("/deliveries/0/finished_at").isNull()).isFalse();
  }

  private static String hmacHex(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void theDeliveryLogIsNewestFirstInPagesAndADeliveryCanBeSentAgain() throws Exception {
    long id = webhook("review_published").get("id").asLong();
    String base = "api/webhooks/" + id + "/deliveries/";
    long[] pings = new long[3];
    for (int i = 0; i < 3; i++) {
      pings[i] = TestServer.json(send("POST", "api/webhooks/" + id + "/ping/", null, admin))
          .get("id").asLong();
    }

    JsonNode first = TestServer.json(send("GET", base + "?max-results=2", null, admin));
    JsonNode second = TestServer.json(send("GET", first.at("/links/next/href").asText(), null,
        admin));
    HttpResponse<String> again = send("POST", base + pings[0] + "/redeliver/", null, admin);

    assertThat(first.get("total_results").asInt()).isEqualTo(3);
    assertThat(first.get("deliveries").findValuesAsText("id"))
        .containsExactly(Long.toString(pings[2]), Long.toString(pings[1]));
    assertThat(second.get("deliveries").findValuesAsText("id"))
        .containsExactly(Long.toString(pings[0]));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    JsonNode copy = TestServer.json(again);
    assertThat(copy.get("id").asLong()).isGreaterThan(pings[2]);
    assertThat(copy.get("event").asText()).isEqualTo("ping");
    assertThat(again.headers().firstValue("Location")).contains(server.base() + base
        + copy.get("id").asLong() + "/");
    assertThat(TestServer.json(send("GET", base, null, admin)).get("total_results").asInt())
        .isEqualTo(4);
    assertProblem(send("POST", base + "987654/redeliver/", null, admin), 404, "not-found");
  }

  @Test
  void aDisabledWebhookIsNeitherPingedNorRedelivered() throws Exception {
    long id = webhook("review_published").get("id").asLong();
    long ping = TestServer.json(send("POST", "api/webhooks/" + id + "/ping/", null, admin))
        .get("id").asLong();
    send("PATCH", "api/webhooks/" + id + "/", "{\"enabled\": false}", admin);

    assertProblem(send("POST", "api/webhooks/" + id + "/ping/", null, admin), 409,
        "invalid-state");
    assertProblem(send("POST", "api/webhooks/" + id + "/deliveries/" + ping + "/redeliver/",
        null, admin), 409, "invalid-state");
  }

  @Test
  void anUnknownWebhookIsNotFound() throws Exception {
    assertProblem(send("GET", "api/webhooks/987654/", null, admin), 404, "not-found");
    assertProblem(send("GET", "api/webhooks/987654/deliveries/", null, admin), 404, "not-found");
    assertProblem(send("POST", "api/webhooks/987654/ping/", null, admin), 404, "not-found");
    assertProblem(send("PATCH", "api/webhooks/987654/", "{\"enabled\": true}", admin), 404,
        "not-found");
  }
}
