package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the servlet uses a server's disconnect reports, through a recording fake. */
class ClientDisconnectsGlueTest {
  /** Records every watch; reports the client gone at once when told to. */
  private static final class RecordingDisconnects implements ClientDisconnects {
    final List<String> watched = new CopyOnWriteArrayList<>();
    volatile boolean goneAtOnce;
    volatile boolean consumed;

    @Override
    public Watch watch(HttpServletRequest request, Runnable gone) {
      watched.add(request.getMethod() + (bodyFinished(request) ? " after body" : " before body"));
      if (goneAtOnce) {
        gone.run();
      }
      return new Watch() {
        @Override
        public void close() {}

        @Override
        public boolean consumedInput() {
          return consumed;
        }
      };
    }

    private static boolean bodyFinished(HttpServletRequest request) {
      try {
        return request.getContentLengthLong() <= 0 || request.getInputStream().isFinished();
      } catch (IOException e) {
        return false;
      }
    }
  }

  private final RecordingDisconnects disconnects = new RecordingDisconnects();
  private Context requests;
  private TestServer server;
  private Map<String, String> admin;

  @BeforeEach
  void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    requests = Context.root("glue-requests");
    server = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(requests).clientDisconnects(disconnects).build());
    User root = core.users().create(new NewUser("root", "", Optional.empty(), true,
        Optional.empty())).user();
    root = core.users().setPassword(root, "the admin's password", false);
    admin = Map.of("Authorization", "token " + core.apiTokens().create(root, root, "t",
        EnumSet.allOf(Permission.class), Optional.empty()).value());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    requests.close();
  }

  @Test
  void aRequestWithABodyIsWatchedOnlyOnceTheBodyWasRead() throws Exception {
    server.send("GET", "api/", null, admin);
    server.send("POST", "api/review-requests/", "{\"summary\": \"watched\"}", admin);

    assertThat(disconnects.watched).containsExactly("GET after body", "POST after body");
  }

  @Test
  void aClientReportedGoneCancelsItsRequestContext() throws Exception {
    disconnects.goneAtOnce = true;

    HttpResponse<String> r = server.send("GET", "admin/contexts/?format=json", null, admin);

    assertThat(TestServer.json(r).get("report").asText())
        .contains("GET /admin/contexts/", "[cancelled: client disconnected]");
  }

  @Test
  void aWatchThatConsumedInputClosesTheConnectionAfterTheResponse() throws Exception {
    disconnects.consumed = true;

    HttpResponse<String> r = server.send("GET", "api/", null, admin);

    assertThat(r.headers().firstValue("Connection")).contains("close");
  }
}
