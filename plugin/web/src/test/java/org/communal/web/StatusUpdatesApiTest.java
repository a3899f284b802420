package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.Event;
import org.communal.core.Events;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.MutableClock;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CI status updates through the API alone, over loopback HTTP: a CI bot's token reports checks,
 * people read them and ask for retries, and every refusal carries its stable code. Anonymous
 * reading is on, to prove that it still does not reveal drafts.
 */
class StatusUpdatesApiTest {
  private final MutableClock clock = new MutableClock();
  private final List<Event> events = new ArrayList<>();
  private CommunalCore core;
  private TestServer server;
  private Map<String, String> alice;
  private Map<String, String> bot;
  private Map<String, String> carol;
  private Map<String, String> readOnlyBot;

  @BeforeEach
  void start() throws Exception {
    Events recorder = (tx, event) -> {
      if (event.type() != Event.Type.STATUS_UPDATE_CHANGED) {
        return; // publishing the review request records an event too
      }
      synchronized (events) {
        events.add(event);
      }
    };
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource(),
        CoreSettings.defaults().withClock(clock), recorder);
    server = TestServer.start(new CommunalServlet(core, new AccountsHost(core, true)));
    alice = token(user("alice"), EnumSet.of(Permission.READ, Permission.WRITE));
    user("bob");
    User ci = user("jenkins-bot");
    bot = token(ci, EnumSet.of(Permission.READ, Permission.WRITE));
    readOnlyBot = token(ci, EnumSet.of(Permission.READ));
    carol = token(user("carol"), EnumSet.of(Permission.READ, Permission.WRITE));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private User user(String name) {
    String password = "the password of " + name;
    User u = core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
    return core.users().setPassword(u, password, false);
  }

  private Map<String, String> token(User u, EnumSet<Permission> scopes) {
    return Map.of("Authorization", "token " + core.apiTokens().create(u, u, "t", scopes,
        Optional.empty()).value());
  }

  private HttpResponse<String> send(Map<String, String> who, String method, String path,
      String json) throws Exception {
    return server.send(method, path, json, who);
  }

  private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return TestServer.json(r);
  }

  private long reviewRequest(boolean publish) throws Exception {
    long id = ok(send(alice, "POST", "api/review-requests/", "{\"summary\": \"Fix the pager\"}"),
        201).get("id").asLong();
    if (publish) {
      ok(send(alice, "PATCH", "api/review-requests/" + id + "/draft/",
          "{\"target_people\": [\"bob\"]}"), 200);
      ok(send(alice, "POST", "api/review-requests/" + id + "/draft/publish/", null), 200);
    }
    return id;
  }

  private static String statuses(long rr) {
    return "api/review-requests/" + rr + "/status-updates/";
  }

  private JsonNode report(long rr, String json) throws Exception {
    return ok(send(bot, "POST", statuses(rr), json), 201);
  }

  private static List<String> fieldsOf(JsonNode problem) {
    List<String> names = new ArrayList<>();
    problem.get("invalid_params").forEach(p -> names.add(p.get("name").asText()));
    return names;
  }

  @Test
  void aCiBotTokenReportsPendingThenSuccess() throws Exception {
    long rr = reviewRequest(true);

    HttpResponse<String> created = send(bot, "POST", statuses(rr), "{\"service_id\": \"jenkins\","
        + " \"summary\": \"Unit tests\", \"url\": \"https://ci.example.org/job/app/7/\","
        + " \"timeout_seconds\": 600}");
    JsonNode pending = ok(created, 201);
    String self = pending.get("links").get("self").get("href").asText();
    JsonNode success = ok(send(bot, "PUT", self, "{\"state\": \"success\","
        + " \"description\": \"1,204 tests passed\"}"), 200);
    JsonNode list = ok(send(Map.of(), "GET", statuses(rr), null), 200);

    assertThat(created.headers().firstValue("Location")).contains(self);
    assertThat(self).isEqualTo(server.base() + statuses(rr) + pending.get("id").asLong() + "/");
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    assertThat(pending.get("service_id").asText()).isEqualTo("jenkins");
    assertThat(pending.get("reporter").get("username").asText()).isEqualTo("jenkins-bot");
    assertThat(pending.get("times_out_at").asText()).isEqualTo("2026-03-01T09:10:00Z");
    assertThat(pending.get("links").has("retry")).isFalse();
    assertThat(success.get("state").asText()).isEqualTo("success");
    assertThat(success.get("url").asText()).isEqualTo("https://ci.example.org/job/app/7/");
    assertThat(success.get("times_out_at").isNull()).isTrue();
    assertThat(list.get("total_results").asInt()).isOne();
    assertThat(list.get("status_updates").get(0)).isEqualTo(success);
    assertThat(list.get("summary").get("overall").asText()).isEqualTo("success");
    assertThat(list.get("summary").get("counts").get("success").asInt()).isOne();
    assertThat(events).extracting(e -> e.payload().get("action"))
        .containsExactly("created", "updated");
  }

  @Test
  void aFailureIsRetriedByTheSubmitterAndARunningCheckIsNot() throws Exception {
    long rr = reviewRequest(true);
    JsonNode failed = report(rr, "{\"service_id\": \"jenkins\", \"summary\": \"Unit tests\","
        + " \"state\": \"failure\"}");
    String retry = failed.get("links").get("retry").get("href").asText();

    HttpResponse<String> byCarol = send(carol, "POST", retry, null);
    JsonNode retried = ok(send(alice, "POST", retry, null), 200);
    HttpResponse<String> again = send(alice, "POST", retry, null);

    assertThat(byCarol.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(byCarol).get("code").asText()).isEqualTo("permission-denied");
    assertThat(retried.get("state").asText()).isEqualTo("pending");
    assertThat(retried.get("retry_count").asInt()).isOne();
    assertThat(retried.get("retry_requested_at").asText()).isEqualTo("2026-03-01T09:00:00Z");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(TestServer.json(again).get("code").asText()).isEqualTo("invalid-state");
    assertThat(TestServer.json(again).get("detail").asText()).contains("is pending");
    assertThat(events).extracting(e -> e.payload().get("action"))
        .containsExactly("created", "retry_requested");
  }

  @Test
  void aPendingCheckPastItsTimeoutReadsAsTimedOutAndMayBeRetried() throws Exception {
    long rr = reviewRequest(true);
    JsonNode pending = report(rr, "{\"service_id\": \"jenkins\", \"summary\": \"Unit tests\","
        + " \"timeout_seconds\": 60}");
    clock.advance(Duration.ofMinutes(2));

    JsonNode late = ok(send(carol, "GET", statuses(rr) + pending.get("id").asLong() + "/", null),
        200);
    JsonNode list = ok(send(carol, "GET", statuses(rr), null), 200);

    assertThat(late.get("state").asText()).isEqualTo("timed-out");
    assertThat(late.get("last_updated").asText()).isEqualTo("2026-03-01T09:01:00Z");
    assertThat(late.get("links").has("retry")).isTrue();
    assertThat(list.get("summary").get("overall").asText()).isEqualTo("failure");
    assertThat(list.get("summary").get("counts").get("timed-out").asInt()).isOne();
  }

  @Test
  void everyBadFieldIsNamedAndNothingIsStored() throws Exception {
    long rr = reviewRequest(true);

    HttpResponse<String> bad = send(bot, "POST", statuses(rr), "{\"service_id\": \"\","
        + " \"summary\": 5, \"state\": \"green\", \"url\": \"javascript:alert(1)\","
        + " \"timeout_seconds\": -1, \"revision\": 3, \"color\": \"red\"}");
    HttpResponse<String> badChange = send(bot, "PUT", statuses(rr) + report(rr,
        "{\"service_id\": \"jenkins\", \"summary\": \"Lint\"}").get("id").asLong() + "/",
        "{\"url\": \"ftp://ci.example.org/\", \"service_id\": \"travis\"}");

    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = TestServer.json(bad);
    assertThat(problem.get("code").asText()).isEqualTo("invalid-field");
    assertThat(fieldsOf(problem)).contains("color", "service_id", "summary", "state", "url",
        "timeout_seconds").doesNotContain("revision");
    assertThat(problem.get("detail").asText()).contains("\"green\"", "javascript:alert(1)");
    assertThat(badChange.statusCode()).as(badChange.body()).isEqualTo(400);
    assertThat(fieldsOf(TestServer.json(badChange))).containsExactlyInAnyOrder("service_id",
        "url");
    JsonNode list = ok(send(bot, "GET", statuses(rr), null), 200);
    assertThat(list.get("total_results").asInt()).isOne();
    assertThat(list.get("status_updates").get(0).get("url").isNull()).isTrue();
  }

  @Test
  void anUnknownRevisionIsAnInvalidField() throws Exception {
    long rr = reviewRequest(true);

    HttpResponse<String> r = send(bot, "POST", statuses(rr), "{\"service_id\": \"jenkins\","
        + " \"summary\": \"Unit tests\", \"revision\": 4}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(fieldsOf(TestServer.json(r))).containsExactly("revision");
  }

  @Test
  void timedOutIsTheServicesAloneAndOnlyTheReporterChangesAStatusUpdate() throws Exception {
    long rr = reviewRequest(true);
    String self = statuses(rr) + report(rr, "{\"service_id\": \"jenkins\","
        + " \"summary\": \"Unit tests\"}").get("id").asLong() + "/";

    HttpResponse<String> byHand = send(bot, "PUT", self, "{\"state\": \"timed-out\"}");
    HttpResponse<String> byCarol = send(carol, "PUT", self, "{\"state\": \"success\"}");
    HttpResponse<String> readOnly = send(readOnlyBot, "PUT", self, "{\"state\": \"success\"}");

    assertThat(byHand.statusCode()).as(byHand.body()).isEqualTo(409);
    assertThat(TestServer.json(byHand).get("code").asText()).isEqualTo("invalid-state");
    assertThat(byCarol.statusCode()).as(byCarol.body()).isEqualTo(403);
    assertThat(TestServer.json(byCarol).get("code").asText()).isEqualTo("permission-denied");
    assertThat(readOnly.statusCode()).as(readOnly.body()).isEqualTo(403);
    assertThat(ok(send(bot, "GET", self, null), 200).get("state").asText()).isEqualTo("pending");
  }

  @Test
  void theStatusOfAnUnpublishedReviewRequestIsNotFoundForOthers() throws Exception {
    long rr = reviewRequest(false);
    JsonNode mine = ok(send(alice, "POST", statuses(rr), "{\"service_id\": \"local\","
        + " \"summary\": \"My build\"}"), 201);
    String self = statuses(rr) + mine.get("id").asLong() + "/";

    for (Map<String, String> outsider : List.of(carol, bot, Map.<String, String>of())) {
      for (HttpResponse<String> r : List.of(send(outsider, "GET", statuses(rr), null),
          send(outsider, "GET", self, null))) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(TestServer.json(r).get("code").asText()).isEqualTo("not-found");
        assertThat(r.body()).doesNotContain("My build");
      }
    }
    HttpResponse<String> post = send(bot, "POST", statuses(rr), "{\"service_id\": \"jenkins\","
        + " \"summary\": \"Unit tests\"}");
    assertThat(post.statusCode()).as(post.body()).isEqualTo(404);
    assertThat(ok(send(alice, "GET", self, null), 200).get("summary").asText())
        .isEqualTo("My build");
    assertThat(events).as("a draft's status never reaches listeners").isEmpty();
  }
}
