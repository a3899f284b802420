package org.communal.web;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.NewUser;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in, passwords, tokens, groups and the audit log, as a browser and a script use them. */
class AccountsApiTest {
  private static final String ADMIN_PASSWORD = "the admin's password";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private CommunalCore core;
  private TestServer server;
  private Map<String, String> admin;

  @BeforeEach
  void start() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource(),
        CoreSettings.defaults().withClock(clock));
    server = TestServer.start(new CommunalServlet(core, new AccountsHost(core, false)));
    User a = core.users().create(new NewUser("root", "Root", Optional.empty(), true,
        Optional.empty())).user();
    core.users().setPassword(a, ADMIN_PASSWORD, false);
    admin = signIn("root", ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String json,
      Map<String, String> headers) throws Exception {
    return server.send(method, path, json, headers);
  }

  private HttpResponse<String> postSession(String user, String password) throws Exception {
    return send("POST", "api/session/", TestServer.JSON.writeValueAsString(
        Map.of("username", user, "password", password)), Map.of());
  }

  /** Signs in; returns the headers a browser page would send (cookie and CSRF token). */
  private Map<String, String> signIn(String user, String password) throws Exception {
    HttpResponse<String> r = postSession(user, password);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Cookie", cookie);
    h.put(AccountsHost.CSRF_HEADER, TestServer.json(r).get("csrf_token").asText());
    return h;
  }

  /** Has the admin create a user, who then sets a real password; returns their headers. */
  private Map<String, String> newUser(String name) throws Exception {
    JsonNode created = TestServer.json(send("POST", "api/users/",
        "{\"username\": \"" + name + "\"}", admin));
    Map<String, String> h = signIn(name, created.get("one_time_password").asText());
    send("PUT", "api/users/" + name + "/password/", "{\"current_password\": \""
        + created.get("one_time_password").asText() + "\", \"new_password\": \"" + name
        + " has a long password\"}", h);
    return h;
  }

  private static String problem(HttpResponse<String> r) throws Exception {
    return r.statusCode() + " " + TestServer.json(r).path("code").asText();
  }

  @Test
  void signingInSetsAHardenedCookieAndReturnsTheCsrfToken() throws Exception {
    HttpResponse<String> r = postSession("root", ADMIN_PASSWORD);

    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(AccountsHost.COOKIE + "=").contains("; HttpOnly",
        "; SameSite=Lax", "; Path=/jenkins/communal/").doesNotContain("Secure");
    assertThat(TestServer.json(r).get("csrf_token").asText()).hasSizeGreaterThan(20);
    assertThat(TestServer.json(r).at("/user/username").asText()).isEqualTo("root");
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
    HttpResponse<String> wrong = postSession("root", "not the password");
    HttpResponse<String> unknown = postSession("nobody", "not the password");

    assertThat(problem(wrong)).isEqualTo("401 invalid-credentials");
    assertThat(wrong.body()).isEqualTo(unknown.body());
  }

  @Test
  void repeatedFailuresSlowDownAndThenLetTheRealUserIn() throws Exception {
    for (int i = 0; i < 5; i++) {
      postSession("root", "guess " + i);
    }

    HttpResponse<String> throttled = postSession("root", ADMIN_PASSWORD);
    clock.advance(Duration.ofMinutes(2));
    HttpResponse<String> later = postSession("root", ADMIN_PASSWORD);

    assertThat(problem(throttled)).isEqualTo("429 too-many-attempts");
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(later.statusCode()).isEqualTo(201);
  }

  @Test
  void aNewUserMustChangeTheOneTimePasswordBeforeAnythingElse() throws Exception {
    JsonNode created = TestServer.json(send("POST", "api/users/", "{\"username\": \"carol\"}",
        admin));
    String oneTime = created.get("one_time_password").asText();
    Map<String, String> carol = signIn("carol", oneTime);

    HttpResponse<String> blocked = send("GET", "api/review-requests/", null, carol);
    HttpResponse<String> changed = send("PUT", "api/users/carol/password/",
        "{\"current_password\": \"" + oneTime + "\", \"new_password\": \"carol's new password\"}",
        carol);

    assertThat(problem(blocked)).isEqualTo("403 password-change-required");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(send("GET", "api/review-requests/", null, carol).statusCode()).isEqualTo(200);
    assertThat(problem(postSession("carol", oneTime))).isEqualTo("401 invalid-credentials");
  }

  @Test
  void aWeakPasswordOrAWrongCurrentPasswordIsRefusedAndChangesNothing() throws Exception {
    Map<String, String> dave = newUser("dave");

    assertThat(problem(send("PUT", "api/users/dave/password/", "{\"current_password\":"
        + " \"dave has a long password\", \"new_password\": \"short\"}", dave)))
        .isEqualTo("400 invalid-field");
    assertThat(problem(send("PUT", "api/users/dave/password/", "{\"current_password\":"
        + " \"wrong\", \"new_password\": \"a perfectly long one\"}", dave)))
        .isEqualTo("400 invalid-field");
    assertThat(postSession("dave", "dave has a long password").statusCode()).isEqualTo(201);
  }

  @Test
  void theOneTimePasswordOrWhiteSpaceCannotBecomeTheNewPassword() throws Exception {
    JsonNode created = TestServer.json(send("POST", "api/users/", "{\"username\": \"olga\"}",
        admin));
    String oneTime = created.get("one_time_password").asText();
    Map<String, String> olga = signIn("olga", oneTime);

    HttpResponse<String> same = send("PUT", "api/users/olga/password/", "{\"current_password\": \""
        + oneTime + "\", \"new_password\": \"" + oneTime + "\"}", olga);
    HttpResponse<String> blank = send("PUT", "api/users/olga/password/",
        "{\"current_password\": \"" + oneTime + "\", \"new_password\": \"" + " ".repeat(20)
            + "\"}", olga);

    assertThat(problem(same)).isEqualTo("400 invalid-field");
    assertThat(TestServer.json(same).at("/invalid_params/0/reason").asText())
        .contains("one-time password");
    assertThat(problem(blank)).isEqualTo("400 invalid-field");
    assertThat(TestServer.json(blank).at("/invalid_params/0/reason").asText())
        .contains("white space");
    assertThat(problem(send("GET", "api/review-requests/", null, olga)))
        .isEqualTo("403 password-change-required");
  }

  @Test
  void theSessionReportsExactlyTheScopesTheCallerHolds() throws Exception {
    Map<String, String> pia = newUser("pia");
    String readToken = TestServer.json(send("POST", "api/users/pia/api-tokens/",
        "{\"name\": \"r\", \"scopes\": [\"read\"]}", pia)).get("token").asText();
    String adminsWriteToken = TestServer.json(send("POST", "api/users/root/api-tokens/",
        "{\"name\": \"rw\", \"scopes\": [\"read\", \"write\"]}", admin)).get("token")
        .asText();

    assertThat(scopes(pia)).containsExactly("read", "write");
    assertThat(scopes(admin)).containsExactly("admin", "read", "write");
    assertThat(scopes(Map.of("Authorization", "token " + readToken))).containsExactly("read");
    assertThat(scopes(Map.of("Authorization", "token " + adminsWriteToken)))
        .containsExactly("read", "write");
  }

  private List<String> scopes(Map<String, String> credential) throws Exception {
    HttpResponse<String> r = send("GET", "api/session/", null, credential);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> scopes = new java.util.ArrayList<>();
    TestServer.json(r).get("scopes").forEach(s -> scopes.add(s.asText()));
    return scopes;
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    Map<String, String> erin = newUser("erin");

    HttpResponse<String> out = send("DELETE", "api/session/", null, erin);

    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(problem(send("GET", "api/session/", null, erin))).isEqualTo("401 unauthenticated");
  }

  @Test
  void aTokenIsShownOnceWorksWithinItsScopesAndStopsWhenRevoked() throws Exception {
    Map<String, String> frank = newUser("frank");
    JsonNode created = TestServer.json(send("POST", "api/users/frank/api-tokens/",
        "{\"name\": \"ci\", \"scopes\": [\"read\"]}", frank));
    Map<String, String> token = Map.of("Authorization", "token " + created.get("token").asText());

    HttpResponse<String> listed = send("GET", "api/users/frank/api-tokens/", null, frank);
    assertThat(listed.body()).doesNotContain(created.get("token").asText())
        .contains(created.get("prefix").asText());
    assertThat(send("GET", "api/review-requests/", null, token).statusCode()).isEqualTo(200);
    assertThat(problem(send("POST", "api/review-requests/", "{\"summary\": \"x\"}", token)))
        .isEqualTo("403 permission-denied");

    send("DELETE", "api/users/frank/api-tokens/" + created.get("id").asText() + "/", null, frank);
    assertThat(problem(send("GET", "api/review-requests/", null, token)))
        .isEqualTo("401 unauthenticated");
  }

  @Test
  void theAuthorizationHeaderTakesTokenOrBearerAndAnySpacingButNothingElse() throws Exception {
    Map<String, String> hana = newUser("hana");
    String value = TestServer.json(send("POST", "api/users/hana/api-tokens/",
        "{\"name\": \"ci\", \"scopes\": [\"read\"]}", hana)).get("token").asText();

    for (String header : List.of("token " + value, "Bearer " + value, "TOKEN \t  " + value,
        "  token " + value + "  ")) {
      assertThat(send("GET", "api/review-requests/", null, Map.of("Authorization", header))
          .statusCode()).as(header).isEqualTo(200);
    }
    for (String header : List.of("token", "token   ", "Basic " + value, value,
        "token x" + value)) {
      assertThat(problem(send("GET", "api/review-requests/", null,
          Map.of("Authorization", header)))).as(header).isEqualTo("401 unauthenticated");
    }
  }

  @Test
  void aTokenStopsWorkingWhenItExpires() throws Exception {
    Map<String, String> gina = newUser("gina");
    String expires = clock.instant().plus(Duration.ofHours(1)).toString();
    JsonNode created = TestServer.json(send("POST", "api/users/gina/api-tokens/",
        "{\"name\": \"short\", \"scopes\": [\"read\", \"write\"], \"expires_at\": \"" + expires
            + "\"}", gina));
    Map<String, String> token = Map.of("Authorization", "token " + created.get("token").asText());

    assertThat(send("GET", "api/review-requests/", null, token).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    assertThat(problem(send("GET", "api/review-requests/", null, token)))
        .isEqualTo("401 unauthenticated");
  }

  @Test
  void anExpiryBeyondWhatATimestampHoldsIsRefusedAndNamed() throws Exception {
    Map<String, String> ida = newUser("ida");

    for (String expires : List.of("+999999999-12-31T23:59:59Z", "+294277-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z")) {
      HttpResponse<String> r = send("POST", "api/users/ida/api-tokens/", "{\"name\": \"far\","
          + " \"scopes\": [\"read\"], \"expires_at\": \"" + expires + "\"}", ida);

      assertThat(problem(r)).as(r.body()).isEqualTo("400 invalid-field");
      assertThat(TestServer.json(r).at("/invalid_params/0/name").asText()).isEqualTo("expires_at");
      assertThat(TestServer.json(r).at("/invalid_params/0/reason").asText())
          .contains("9999-12-31T23:59:59Z", expires);
    }
    assertThat(TestServer.json(send("GET", "api/users/ida/api-tokens/", null, ida))
        .findValues("id")).isEmpty();
    assertThat(send("POST", "api/users/ida/api-tokens/", "{\"name\": \"late\", \"scopes\":"
        + " [\"read\"], \"expires_at\": \"9999-12-31T23:59:59Z\"}", ida).statusCode())
        .isEqualTo(201);
  }

  @Test
  void disablingAnAccountStopsItsSessionsAndTokensAndEnablingRestoresSignIn() throws Exception {
    Map<String, String> hank = newUser("hank");
    String token = TestServer.json(send("POST", "api/users/hank/api-tokens/",
        "{\"name\": \"t\", \"scopes\": [\"read\"]}", hank)).get("token").asText();

    send("PATCH", "api/users/hank/", "{\"active\": false}", admin);

    assertThat(send("GET", "api/session/", null, hank).statusCode()).isEqualTo(401);
    assertThat(send("GET", "api/users/", null, Map.of("Authorization", "token " + token))
        .statusCode()).isEqualTo(401);
    assertThat(problem(postSession("hank", "hank has a long password")))
        .isEqualTo("401 invalid-credentials");
    send("PATCH", "api/users/hank/", "{\"active\": true}", admin);
    assertThat(postSession("hank", "hank has a long password").statusCode()).isEqualTo(201);
  }

  @Test
  void aCookieRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    Map<String, String> cookieOnly = Map.of("Cookie", admin.get("Cookie"));

    HttpResponse<String> r = send("POST", "api/groups/", "{\"name\": \"sneaky\"}", cookieOnly);

    assertThat(problem(r)).isEqualTo("403 csrf-token-invalid");
    assertThat(problem(send("GET", "api/groups/sneaky/", null, admin))).isEqualTo("404 not-found");
  }

  @Test
  void anInviteOnlyGroupIsInvisibleToOutsiders() throws Exception {
    Map<String, String> ivan = newUser("ivan");
    Map<String, String> judy = newUser("judy");
    send("POST", "api/groups/", "{\"name\": \"security\", \"invite_only\": true}", admin);
    send("POST", "api/groups/security/members/", "{\"username\": \"ivan\"}", admin);

    assertThat(send("GET", "api/groups/security/", null, ivan).statusCode()).isEqualTo(200);
    assertThat(problem(send("GET", "api/groups/security/", null, judy))).isEqualTo("404 not-found");
    JsonNode judysList = TestServer.json(send("GET", "api/groups/", null, judy));
    assertThat(judysList.get("total_results").asInt()).isZero();
    assertThat(problem(send("POST", "api/groups/security/members/", "{\"username\": \"judy\"}",
        judy))).isEqualTo("404 not-found");
  }

  @Test
  void anyoneJoinsAnOpenGroupThemselvesButNotOthers() throws Exception {
    Map<String, String> kim = newUser("kim");
    newUser("leo");
    send("POST", "api/groups/", "{\"name\": \"reviewers\"}", admin);

    assertThat(send("POST", "api/groups/reviewers/members/", "{\"username\": \"kim\"}", kim)
        .statusCode()).isEqualTo(201);
    assertThat(problem(send("POST", "api/groups/reviewers/members/", "{\"username\": \"leo\"}",
        kim))).isEqualTo("403 permission-denied");
    assertThat(send("DELETE", "api/groups/reviewers/members/kim/", null, kim).statusCode())
        .isEqualTo(204);
  }

  @Test
  void theAuditLogRecordsSignInsTokensAndAdminActions() throws Exception {
    Map<String, String> mia = newUser("mia");
    postSession("mia", "a wrong password");
    JsonNode token = TestServer.json(send("POST", "api/users/mia/api-tokens/",
        "{\"name\": \"t\", \"scopes\": [\"read\"]}", mia));
    send("DELETE", "api/users/mia/api-tokens/" + token.get("id").asText() + "/", null, mia);

    JsonNode log = TestServer.json(send("GET", "api/audit-log/?max-results=50", null, admin));
    List<String> actions = log.get("entries").findValuesAsText("action");

    assertThat(actions).contains("user-created", "sign-in", "sign-in-failed", "password-changed",
        "token-created", "token-revoked");
    assertThat(problem(send("GET", "api/audit-log/", null, mia))).isEqualTo("403 permission-denied");
  }

  @Test
  void anAdminCannotLockThemselvesOut() throws Exception {
    assertThat(problem(send("PATCH", "api/users/root/", "{\"active\": false}", admin)))
        .isEqualTo("400 invalid-field");
    assertThat(problem(send("PATCH", "api/users/root/", "{\"admin\": false}", admin)))
        .isEqualTo("400 invalid-field");
  }

  @Test
  void aDuplicateUsernameIsAConflict() throws Exception {
    newUser("nora");

    assertThat(problem(send("POST", "api/users/", "{\"username\": \"NORA\"}", admin)))
        .isEqualTo("409 already-exists");
  }
}
