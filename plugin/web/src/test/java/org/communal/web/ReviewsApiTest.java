package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole review through the API, over loopback HTTP: comment, open issues, reply, fix, ship. */
class ReviewsApiTest {
  private static final String DIFF = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n"
      + "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";

  private CommunalCore core;
  private Context root;
  private TestServer server;
  private Map<String, String> alice;
  private Map<String, String> bob;
  private Map<String, String> carol;
  private long rr;

  @BeforeEach
  void start() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    root = Context.root("reviews-api-test");
    server = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(root).build());
    alice = token(user("alice"));
    bob = token(user("bob"));
    carol = token(user("carol"));
    rr = TestServer.json(send(alice, "POST", "api/review-requests/", "{\"summary\": \"Shout\","
        + " \"target_people\": [\"bob\"]}")).get("id").asLong();
    upload(DIFF);
    assertThat(send(alice, "POST", path("draft/publish/"), null).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    root.close();
  }

  private User user(String name) {
    String password = "the password of " + name;
    User u = core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
    return core.users().setPassword(u, password, false);
  }

  private Map<String, String> token(User u) {
    return Map.of("Authorization", "token " + core.apiTokens().create(u, u, "t",
        EnumSet.of(Permission.READ, Permission.WRITE), Optional.empty()).value());
  }

  private String path(String rest) {
    return "api/review-requests/" + rr + "/" + rest;
  }

  private HttpResponse<String> send(Map<String, String> who, String method, String path,
      String json) throws Exception {
    return server.send(method, path, json, who);
  }

  private void upload(String diff) throws Exception {
    HttpResponse<String> r = server.sendBytes("POST", path("diffs/"), "text/x-patch",
        diff.getBytes(StandardCharsets.UTF_8), alice);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private JsonNode standing() throws Exception {
    return TestServer.json(send(carol, "GET", path("standing/"), null));
  }

  private boolean hasSessionOf(String username) {
    return root.snapshot().toString().contains("review-session " + username);
  }

  @Test
  void twoUsersRunAWholeReview() throws Exception {
    long file = TestServer.json(send(bob, "GET", path("diffs/1/files/"), null)).get("files")
        .get(0).get("id").asLong();
    assertThat(hasSessionOf("bob")).isTrue();

    HttpResponse<String> review = send(bob, "POST", path("reviews/draft/publish/"),
        "{\"body_top\": \"Some notes\", \"comments\": [{\"filediff\": " + file + ","
            + " \"first_line\": 2, \"num_lines\": 1, \"text\": \"Why shout?\","
            + " \"issue_opened\": true}, {\"text\": \"Otherwise fine\"}]}");
    assertThat(review.statusCode()).as(review.body()).isEqualTo(201);
    JsonNode published = TestServer.json(review);
    long issue = published.get("comments").get(0).get("id").asLong();
    assertThat(standing().get("open_issues").asInt()).isOne();
    assertThat(hasSessionOf("bob")).as("bob's review session closed with his publish").isFalse();

    String replies = path("reviews/" + published.get("id").asLong() + "/replies/");
    assertThat(send(alice, "PUT", replies + "draft/", "{\"comments\": [{\"reply_to\": "
        + issue + ", \"text\": \"Will fix\"}]}").statusCode()).isEqualTo(200);
    assertThat(send(carol, "GET", replies + "draft/", null).statusCode()).isEqualTo(404);
    assertThat(TestServer.json(send(carol, "GET", path("reviews/"), null))
        .get("total_results").asInt()).as("a draft reply is not public").isOne();
    HttpResponse<String> reply = send(alice, "POST", replies, null);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    assertThat(TestServer.json(reply).get("comments").get(0).get("first_line").asInt())
        .isEqualTo(2);

    upload(DIFF.replace("+TWO", "+Two"));
    send(alice, "POST", path("draft/publish/"), null);
    assertThat(send(carol, "PUT", path("comments/" + issue + "/issue/"),
        "{\"status\": \"resolved\"}").statusCode()).isEqualTo(403);
    HttpResponse<String> resolved = send(alice, "PUT", path("comments/" + issue + "/issue/"),
        "{\"status\": \"resolved\"}");
    assertThat(TestServer.json(resolved).get("issue_status").asText()).isEqualTo("resolved");
    assertThat(standing().get("approved").asBoolean()).isFalse();

    assertThat(send(bob, "POST", path("reviews/draft/publish/"),
        "{\"ship_it\": true, \"body_top\": \"Ship it!\"}").statusCode()).isEqualTo(201);
    assertThat(standing().get("approved").asBoolean()).isTrue();
    assertThat(TestServer.json(send(carol, "GET", path("reviews/"), null))
        .get("total_results").asInt()).isEqualTo(3);
    HttpResponse<String> submitted = send(alice, "PUT", path(""),
        "{\"status\": \"submitted\", \"commit_id\": \"abcdef12\"}");
    assertThat(TestServer.json(submitted).get("status").asText()).isEqualTo("submitted");
  }

  @Test
  void badReviewsAreRefusedWithEveryProblemAndChangeNothing() throws Exception {
    HttpResponse<String> bad = send(bob, "POST", path("reviews/draft/publish/"),
        "{\"comments\": [{\"filediff\": 999999, \"first_line\": 1, \"text\": \"x\"},"
            + " {\"text\": 5, \"colour\": \"red\"}]}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.body()).contains("comments[1].text").contains("comments[1].colour");
    HttpResponse<String> empty = send(bob, "POST", path("reviews/draft/publish/"), "{}");
    assertThat(empty.statusCode()).isEqualTo(409);
    assertThat(TestServer.json(empty).get("code").asText()).isEqualTo("invalid-state");
    assertThat(TestServer.json(send(bob, "GET", path("reviews/"), null)).get("total_results")
        .asInt()).isZero();
  }

  @Test
  void aDraftReviewIsPrivateToItsAuthor() throws Exception {
    assertThat(send(bob, "PUT", path("reviews/draft/"), "{\"body_top\": \"thinking\","
        + " \"comments\": [{\"text\": \"hmm\", \"issue_opened\": true}]}").statusCode())
        .isEqualTo(200);

    assertThat(TestServer.json(send(bob, "GET", path("reviews/draft/"), null)).get("comments")
        .size()).isOne();
    assertThat(send(carol, "GET", path("reviews/draft/"), null).statusCode()).isEqualTo(404);
    assertThat(TestServer.json(send(carol, "GET", path("reviews/"), null)).get("total_results")
        .asInt()).isZero();
    assertThat(standing().get("open_issues").asInt()).isZero();
    assertThat(send(bob, "DELETE", path("reviews/draft/"), null).statusCode()).isEqualTo(204);
    assertThat(send(bob, "GET", path("reviews/draft/"), null).statusCode()).isEqualTo(404);
  }
}
