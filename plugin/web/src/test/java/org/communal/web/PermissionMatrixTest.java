package org.communal.web;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.Groups;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.ReviewRequestDraft;
import org.communal.core.Sessions;
import org.communal.core.User;
import org.communal.core.Viewer;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that exists, for every kind of caller, over real HTTP: the status each must get.
 * Resources named in paths belong to alice; bob is another ordinary user.
 */
class PermissionMatrixTest {
  private static final String PASSWORD = "matrix password 123";
  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** The endpoints, in the order of the expected-status columns below. */
  private static final List<String[]> ENDPOINTS = List.of(
      new String[] {"GET", "api/review-requests/", null},
      new String[] {"POST", "api/review-requests/", "{\"summary\": \"matrix\"}"},
      new String[] {"GET", "api/review-requests/{rr}/", null},
      new String[] {"GET", "api/users/", null},
      new String[] {"GET", "api/users/alice/", null},
      new String[] {"POST", "api/users/", "{\"username\": \"new-{n}\"}"},
      new String[] {"PATCH", "api/users/alice/", "{\"display_name\": \"Alice\"}"},
      new String[] {"PATCH", "api/users/alice/", "{\"active\": true}"},
      new String[] {"GET", "api/users/alice/api-tokens/", null},
      new String[] {"POST", "api/users/alice/api-tokens/", "{\"name\": \"t\", \"scopes\": [\"read\"]}"},
      new String[] {"GET", "api/groups/", null},
      new String[] {"POST", "api/groups/", "{\"name\": \"group-{n}\"}"},
      new String[] {"GET", "api/audit-log/", null},
      new String[] {"GET", "api/session/", null},
      new String[] {"GET", "admin/contexts/", null},
      new String[] {"GET", "api/review-requests/{draft}/", null},
      new String[] {"GET", "api/review-requests/{rr}/draft/", null},
      new String[] {"PATCH", "api/review-requests/{rr}/draft/", "{\"description\": \"x\"}"},
      new String[] {"GET", "api/review-requests/{rr}/changes/", null},
      new String[] {"GET", "api/review-requests/{rr}/reviews/", null},
      new String[] {"POST", "api/review-requests/{rr}/reviews/draft/publish/",
          "{\"body_top\": \"matrix\"}"},
      new String[] {"GET", "api/review-requests/{rr}/standing/", null},
      new String[] {"GET", "api/review-requests/{secret}/", null},
      new String[] {"GET", "api/review-requests/{secret}/reviews/", null},
      new String[] {"GET", "api/review-requests/{secret}/diffs/", null},
      new String[] {"GET", "api/review-requests/{rr}/status-updates/", null},
      new String[] {"POST", "api/review-requests/{rr}/status-updates/",
          "{\"service_id\": \"ci\", \"summary\": \"build\"}"},
      new String[] {"GET", "api/review-requests/{secret}/status-updates/", null},
      new String[] {"GET", "api/repositories/", null},
      new String[] {"POST", "api/repositories/",
          "{\"name\": \"repo-{n}\", \"clone_url\": \"https://example.org/r.git\"}"},
      new String[] {"GET", "api/webhooks/", null},
      new String[] {"POST", "api/webhooks/",
          "{\"url\": \"https://example.org/hook\", \"events\": [\"review_published\"]}"},
      new String[] {"GET", "api/repositories/{repo}/default-reviewers/", null},
      new String[] {"POST", "api/repositories/{repo}/default-reviewers/",
          "{\"name\": \"docs\", \"file_regex\": \"^docs/\"}"},
      new String[] {"GET", "api/review-requests/?view=needs-action", null},
      new String[] {"GET", "api/review-requests/{rr}/diffs/", null});

  /** Expected status per caller, one column per endpoint above. */
  private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("anonymous", "401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401");
    EXPECTED.put("alice", "200 201 200 200 200 403 200 403 200 201 200 403 403 200 403 200 200 200 200 200 201 200 200 200 200 200 201 200 200 403 403 403 200 403 200 200");
    EXPECTED.put("bob", "200 201 200 200 200 403 403 403 403 403 200 403 403 200 403 404 403 403 200 200 201 200 404 404 404 200 201 404 200 403 403 403 200 403 200 200");
    EXPECTED.put("admin", "200 201 200 200 200 201 200 200 200 201 200 201 200 200 200 200 200 200 200 200 201 200 200 200 200 200 201 200 200 201 200 201 200 201 200 200");
    EXPECTED.put("alice's read-only token", "200 403 200 200 200 403 403 403 200 403 200 403 403 200 403 200 200 403 200 200 403 200 200 200 200 200 403 200 200 403 403 403 200 403 200 200");
    EXPECTED.put("alice's revoked token", "401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401");
    EXPECTED.put("alice's expired token", "401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401");
    EXPECTED.put("a forged cookie", "401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401");
    EXPECTED.put("alice without CSRF token", "200 403 200 200 200 403 403 403 200 403 200 403 403 200 403 200 200 403 200 200 403 200 200 200 200 200 403 200 200 403 403 403 200 403 200 200");
  }

  private static CommunalCore core;
  private static TestServer server;
  private static final Map<String, Map<String, String>> HEADERS = new LinkedHashMap<>();
  private static long reviewRequest;
  private static long unpublished;
  private static long secret;
  private static long repository;

  @BeforeAll
  static void setUp() throws Exception {
    javax.sql.DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource,
        CoreSettings.defaults().withClock(CLOCK));
    server = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .webhooks(org.communal.webhooks.Webhooks.configure(dataSource).build()).build());
    User alice = account("alice", false);
    account("bob", false);
    account("admin", true);
    reviewRequest = core.reviewRequests().create(alice,
        ReviewRequestDraft.builder().summary("alice's change").build()).id();
    Viewer asAlice = Viewer.of(alice, false);
    core.reviewRequests().saveDraft(asAlice, reviewRequest,
        d -> d.targetPeople(List.of("bob")));
    core.reviewRequests().publish(asAlice, reviewRequest);
    core.reviewRequests().saveDraft(asAlice, reviewRequest, d -> d.summary("second thoughts"));
    User admin = core.users().find("admin").orElseThrow();
    Groups.Group security = core.groups().create("security", "Security", true);
    core.groups().addMember(security, alice);
    core.groups().addMember(security, admin);
    secret = core.reviewRequests().create(admin,
        ReviewRequestDraft.builder().summary("embargoed").build()).id();
    Viewer asAdmin = Viewer.of(admin, true);
    core.reviewRequests().saveDraft(asAdmin, secret, d -> d.targetGroups(List.of("security")));
    core.reviewRequests().publish(asAdmin, secret);
    repository = core.repositories().create("matrix", "https://example.org/matrix.git", null).id();
    unpublished = core.reviewRequests().create(alice,
        ReviewRequestDraft.builder().summary("alice's spike").build()).id();
    HEADERS.put("anonymous", Map.of());
    HEADERS.put("alice", session("alice", true));
    HEADERS.put("bob", session("bob", true));
    HEADERS.put("admin", session("admin", true));
    HEADERS.put("alice's read-only token", token(alice, Optional.empty()));
    Map<String, String> revoked = token(alice, Optional.empty());
    core.apiTokens().revoke(alice, core.apiTokens().list(alice).get(0).id());
    HEADERS.put("alice's revoked token", revoked);
    HEADERS.put("alice's expired token", token(alice, Optional.of(CLOCK.instant().plusSeconds(60))));
    CLOCK.advance(Duration.ofMinutes(2));
    HEADERS.put("a forged cookie", Map.of("Cookie", AccountsHost.COOKIE + "=forged-value"));
    HEADERS.put("alice without CSRF token", session("alice", false));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static User account(String name, boolean admin) {
    User u = core.users().create(new NewUser(name, name, Optional.empty(), admin,
        Optional.empty())).user();
    return core.users().setPassword(u, PASSWORD, false);
  }

  private static Map<String, String> session(String name, boolean withCsrf) {
    Sessions.Opened s = core.signIn().signIn(name, PASSWORD, "127.0.0.1");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Cookie", AccountsHost.COOKIE + "=" + s.cookieValue());
    if (withCsrf) {
      h.put(AccountsHost.CSRF_HEADER, s.session().csrfToken());
    }
    return h;
  }

  private static Map<String, String> token(User owner, Optional<Instant> expires) {
    return Map.of("Authorization", "token " + core.apiTokens().create(owner, owner, "matrix",
        EnumSet.of(Permission.READ), expires).value());
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    EXPECTED.forEach((caller, statuses) -> {
      String[] expected = statuses.split(" ");
      for (int i = 0; i < ENDPOINTS.size(); i++) {
        String[] e = ENDPOINTS.get(i);
        cases.add(Arguments.of(caller, e[0] + " " + e[1], e[2], Integer.parseInt(expected[i])));
      }
    });
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @MethodSource("cases")
  void eachCallerGetsExactlyTheAccessTheRulesGive(String caller, String endpoint, String body,
      int expected) throws Exception {
    String[] methodAndPath = endpoint.split(" ");
    String path = methodAndPath[1].replace("{rr}", String.valueOf(reviewRequest))
        .replace("{draft}", String.valueOf(unpublished))
        .replace("{secret}", String.valueOf(secret))
        .replace("{repo}", String.valueOf(repository));
    String json = body == null ? null : body.replace("{n}", String.valueOf(UNIQUE.incrementAndGet()));

    var response = server.send(methodAndPath[0], path, json, HEADERS.get(caller));

    assertThat(response.statusCode()).as(caller + " " + endpoint + ": " + response.body())
        .isEqualTo(expected);
    if (expected == 401) {
      assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }
    if (expected >= 400) {
      assertThat(TestServer.json(response).get("code").asText()).isNotBlank();
    }
  }
}
