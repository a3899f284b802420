package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.Caller;
import org.communal.core.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Host}, which every implementation must pass: the standalone server's
 * here, Jenkins' in the adapter's build. A probe servlet asks the host about real HTTP requests on
 * loopback and answers what it said.
 */
abstract class HostContractTest {
  /**
   * What a signed-in user's requests carry.
   *
   * @param headers sent with every request (a cookie, or nothing for token-less hosts)
   * @param csrfHeaders the proof a state-changing request adds
   */
  record Credentials(Map<String, String> headers, Map<String, String> csrfHeaders) {}

  /** The host under test. */
  protected abstract Host host();

  /** Signs a user in the way a browser would, creating them first. */
  protected abstract Credentials signIn(String username, boolean admin) throws Exception;

  private TestServer server;

  /** Answers what the host says about the request. */
  private final class Probe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Map<String, Object> out = new LinkedHashMap<>();
      try {
        Caller caller = host().authenticate(req);
        out.put("user", caller.user().map(u -> u.username()).orElse(null));
        for (Permission p : Permission.values()) {
          out.put(p.wireName(), host().has(caller, p));
        }
        host().checkCsrf(req, caller);
        out.put("csrf", "ok");
      } catch (ApiException e) {
        out.put("error", e.code());
      }
      out.put("base", host().baseUri(req).toString());
      resp.setContentType("application/json");
      TestServer.JSON.writeValue(resp.getOutputStream(), out);
    }
  }

  @BeforeEach
  void startProbe() throws Exception {
    server = TestServer.start(new Probe());
  }

  @AfterEach
  void stopProbe() throws Exception {
    server.close();
  }

  private JsonNode ask(String method, Map<String, String> headers) throws Exception {
    return TestServer.json(server.send(method, "probe", method.equals("GET") ? null : "{}",
        headers));
  }

  private static Map<String, String> both(Credentials c) {
    Map<String, String> all = new LinkedHashMap<>(c.headers());
    all.putAll(c.csrfHeaders());
    return all;
  }

  @Test
  void aCallerWithoutCredentialsIsAnonymousAndMayNotWriteOrAdminister() throws Exception {
    JsonNode answer = ask("GET", Map.of());

    assertThat(answer.get("user").isNull()).isTrue();
    assertThat(answer.get("write").asBoolean()).isFalse();
    assertThat(answer.get("admin").asBoolean()).isFalse();
  }

  @Test
  void aSignedInUserReadsAndWritesButDoesNotAdminister() throws Exception {
    JsonNode answer = ask("GET", signIn("contract-user", false).headers());

    assertThat(answer.get("user").asText()).isEqualTo("contract-user");
    assertThat(answer.get("read").asBoolean()).isTrue();
    assertThat(answer.get("write").asBoolean()).isTrue();
    assertThat(answer.get("admin").asBoolean()).isFalse();
  }

  @Test
  void anAdminAdministers() throws Exception {
    assertThat(ask("GET", signIn("contract-admin", true).headers()).get("admin").asBoolean())
        .isTrue();
  }

  @Test
  void aStateChangingRequestWithoutCsrfProofIsRefused() throws Exception {
    Credentials c = signIn("contract-csrf", false);

    assertThat(ask("POST", c.headers()).path("error").asText()).isEqualTo("csrf-token-invalid");
    assertThat(ask("POST", both(c)).path("csrf").asText()).isEqualTo("ok");
  }

  @Test
  void readingNeverNeedsCsrfProof() throws Exception {
    assertThat(ask("GET", signIn("contract-reader", false).headers()).path("csrf").asText())
        .isEqualTo("ok");
  }

  @Test
  void theBaseUriIsAbsoluteAndEndsWithTheServletPath() throws Exception {
    assertThat(ask("GET", Map.of()).get("base").asText()).isEqualTo(server.base());
  }
}
