package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every answer, success or problem, JSON or HTML, tells browsers to run only the service's own
 * scripts and styles, never to frame it, not to guess types and not to leak its addresses to
 * other sites; an answer to a request with credentials is never stored.
 */
class SecurityHeadersTest {

  private static TestServer server;
  private static Map<String, String> token;
  private static Map<String, String> cookie;

  @BeforeAll
  static void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = TestServer.start(new CommunalServlet(core, new AccountsHost(core, false)));
    token = TestAdmin.create(core).authorization();
    HttpResponse<String> signIn = server.send("POST", "api/session/",
        "{\"username\": \"root\", \"password\": \"" + TestAdmin.PASSWORD + "\"}", Map.of());
    cookie = Map.of("Cookie", signIn.headers().firstValue("Set-Cookie").orElseThrow()
        .split(";")[0]);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertHardened(HttpResponse<String> r) {
    HttpHeaders h = r.headers();
    assertThat(h.firstValue("Content-Security-Policy")).as(r.uri().toString()).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'self'", "script-src 'self'",
            "style-src 'self'", "frame-ancestors 'none'"));
    assertThat(h.firstValue("Referrer-Policy")).as(r.uri().toString()).hasValue("same-origin");
    assertThat(h.firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
  }

  @Test
  void everyKindOfAnswerCarriesTheSecurityHeaders() throws Exception {
    assertHardened(server.send("GET", "api/", null, Map.of()));
    assertHardened(server.send("GET", "", null, Map.of()));
    assertHardened(server.send("GET", "api/no-such-thing/", null, Map.of()));
    assertHardened(server.send("GET", "api/users/", null, Map.of()));
    assertHardened(server.send("PUT", "api/", null, Map.of()));
    assertHardened(server.send("GET", "admin/contexts/", null, token));
    assertHardened(server.send("POST", "api/review-requests/", "{\"summary\": 1}", token));
  }

  @Test
  void aNotModifiedAnswerCarriesThemToo() throws Exception {
    HttpResponse<String> first = server.send("GET", "api/", null, Map.of());
    HttpResponse<String> again = server.send("GET", "api/", null,
        Map.of("If-None-Match", first.headers().firstValue("ETag").orElseThrow()));

    assertThat(again.statusCode()).isEqualTo(304);
    assertHardened(again);
  }

  @Test
  void answersToRequestsWithATokenOrTheSessionCookieAreNeverStored() throws Exception {
    for (Map<String, String> credential : java.util.List.of(token, cookie)) {
      assertThat(server.send("GET", "api/session/", null, credential).headers()
          .firstValue("Cache-Control")).as(credential.keySet().toString()).hasValue("no-store");
      assertThat(server.send("GET", "api/no-such-thing/", null, credential).headers()
          .firstValue("Cache-Control")).as(credential.keySet().toString()).hasValue("no-store");
    }
    assertThat(server.send("GET", "api/", null, Map.of("Authorization", "token forged"))
        .headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void theAnswerThatSetsTheSessionCookieIsNeverStored() throws Exception {
    HttpResponse<String> signIn = server.send("POST", "api/session/",
        "{\"username\": \"root\", \"password\": \"" + TestAdmin.PASSWORD + "\"}", Map.of());

    assertThat(signIn.headers().firstValue("Set-Cookie")).isPresent();
    assertThat(signIn.headers().firstValue("Cache-Control")).hasValue("no-store");
  }
}
