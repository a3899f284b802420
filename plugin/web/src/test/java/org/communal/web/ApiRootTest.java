package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communal.core.ApprovalRule;
import org.communal.core.CommunalCore;
import org.communal.testing.TestPostgres;
import org.communal.web.internal.Router;
import org.communal.web.internal.api.Routes;
import org.communal.webhooks.Webhooks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/} links to every top-level resource: every route that reads something without a
 * value in its path, compared with the routing table itself, so that a resource added to the
 * table and forgotten at the root fails here.
 */
class ApiRootTest {
  @ParameterizedTest(name = "webhooks configured: {0}")
  @ValueSource(booleans = {true, false})
  void theRootLinksEveryTopLevelResourceOfTheRoutingTable(boolean withWebhooks)
      throws Exception {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    CommunalCore core = CommunalCore.wrap(dataSource);
    Webhooks webhooks = withWebhooks ? Webhooks.configure(dataSource).build() : null;
    CommunalServlet.Builder servlet = CommunalServlet.configure(core, new AccountsHost(core,
        false));
    try (TestServer server = TestServer.start(withWebhooks ? servlet.webhooks(webhooks).build()
        : servlet.build())) {
      List<String> linked = linkedPaths(server);

      assertThat(linked).containsAll(topLevelResources(core, webhooks));
    }
  }

  /** Every GET route without a path value, but the root page and /api/ itself. */
  private static List<String> topLevelResources(CommunalCore core, Webhooks webhooks) {
    Router table = Routes.table(core, core.diffRevisions(null),
        core.reviews(ApprovalRule.SHIP_IT_AND_NO_OPEN_ISSUE), "test", true, user -> { },
        webhooks);
    List<String> resources = table.templates("GET").stream()
        .filter(t -> !t.contains("{") && !t.equals("/") && !t.equals("/api/")).toList();
    assertThat(resources).as("the table's top-level resources").contains("/api/review-requests/",
        "/health/");
    return resources;
  }

  /** The paths the root links to, below the servlet's base, each ending in a slash. */
  private static List<String> linkedPaths(TestServer server) throws Exception {
    JsonNode links = TestServer.json(server.send("GET", "api/", null, Map.of())).get("links");
    List<String> paths = new ArrayList<>();
    links.forEach(link -> {
      String href = link.get("href").asText();
      assertThat(href).startsWith(server.base());
      String path = "/" + href.substring(server.base().length());
      paths.add(path.endsWith("/") ? path : path + "/");
    });
    return paths;
  }
}
