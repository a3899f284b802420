package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
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

/** Every request runs in a context of its own, and admins can see the live tree. */
class ContextsAdminTest {
  private Context server;
  private TestServer http;
  private Map<String, String> admin;

  @BeforeEach
  void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = Context.root("test-server");
    http = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(server.child("requests")).build());
    User root = core.users().create(new NewUser("root", "", Optional.empty(), true,
        Optional.of("the admin's password"))).user();
    root = core.users().setPassword(root, "the admin's password", false);
    admin = Map.of("Authorization", "token " + core.apiTokens().create(root, root, "admin",
        EnumSet.allOf(Permission.class), Optional.empty()).value());
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  private JsonNode requestsNode(JsonNode report) {
    for (JsonNode tree : report.get("trees")) {
      if (tree.get("name").asText().equals("test-server")) {
        return tree.get("children").get(0);
      }
    }
    throw new AssertionError("no test-server tree in " + report);
  }

  @Test
  void aRequestRunsInItsOwnContextWhichIsGoneOnceAnswered() throws Exception {
    JsonNode during = TestServer.json(http.send("GET", "admin/contexts/?format=json", null, admin));
    JsonNode after = TestServer.json(http.send("GET", "admin/contexts/?format=json", null, admin));

    assertThat(requestsNode(during).get("children")).hasSize(1);
    assertThat(requestsNode(during).at("/children/0/name").asText())
        .isEqualTo("GET /admin/contexts/");
    // The first request's context was closed; only the second one's shows.
    assertThat(requestsNode(after).get("children")).hasSize(1);
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
}
