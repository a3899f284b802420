package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every request runs in a context of its own, and admins can see the live tree. */
class ContextsAdminTest {
  private Context server;
  private TestServer http;
  private CommunalCore core;
  private Map<String, String> admin;

  @BeforeEach
  void start() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = Context.root("test-server");
    http = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(server.child("requests")).build());
    admin = TestAdmin.create(core).authorization();
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  /** The names of the request contexts (not the review sessions) under the server's root. */
  private java.util.List<String> requestNames(JsonNode report) {
    for (JsonNode tree : report.get("trees")) {
      if (tree.get("name").asText().equals("test-server")) {
        return tree.get("children").get(0).get("children").findValuesAsText("name").stream()
            .filter(n -> n.startsWith("GET ") || n.startsWith("POST ")).toList();
      }
    }
    throw new AssertionError("no test-server tree in " + report);
  }

  @Test
  void aRequestRunsInItsOwnContextWhichIsGoneOnceAnswered() throws Exception {
    JsonNode during = TestServer.json(http.send("GET", "admin/contexts/?format=json", null, admin));
    JsonNode after = TestServer.json(http.send("GET", "admin/contexts/?format=json", null, admin));

    assertThat(requestNames(during)).containsExactly("GET /admin/contexts/");
    // The first request's context was closed; only the second one's shows.
    assertThat(requestNames(after)).containsExactly("GET /admin/contexts/");
    assertThat(after.get("report").asText()).contains("GET /admin/contexts/");
  }

  @Test
  void thePageEscapesContextNamesAndShowsTheTree() throws Exception {
    Context hostile = server.child("<script>alert(1)</script>");
    hostile.own("buffer", new byte[10], 10, b -> { });

    HttpResponse<String> page = http.send("GET", "admin/contexts/", null, admin);

    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
        assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>").contains("buffer").contains("weight 10");
  }

  @Test
  void readingAReviewRequestOpensTheReadersReviewSessionWhichSigningOutCloses() throws Exception {
    User alice = core.users().create(new NewUser("alice", "", Optional.empty(), false,
        Optional.empty())).user();
    alice = core.users().setPassword(alice, "alice's long password", false);
    long id = core.reviewRequests().create(alice, org.communal.core.ReviewRequestDraft.builder()
        .summary("a change").build()).id();
    HttpResponse<String> signIn = http.send("POST", "api/session/",
        "{\"username\": \"alice\", \"password\": \"alice's long password\"}", Map.of());
    Map<String, String> browser = Map.of(
        "Cookie", signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
        AccountsHost.CSRF_HEADER, TestServer.json(signIn).get("csrf_token").asText());

    http.send("GET", "api/review-requests/" + id + "/", null, browser);
    String during = http.send("GET", "admin/contexts/?format=json", null, admin).body();
    http.send("DELETE", "api/session/", null, browser);
    String after = http.send("GET", "admin/contexts/?format=json", null, admin).body();

    assertThat(during).contains("review-session alice on r/" + id);
    assertThat(after).doesNotContain("review-session alice");
  }
}
