package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM error thrown while a request is served (out of memory, a stack overflow, a class that
 * failed to load) is answered like any unexpected failure: 500 problem+json with a reference,
 * never the servlet container's page with a stack trace.
 */
class UnexpectedErrorsTest {
  private static final Map<String, Supplier<Error>> ERRORS = Map.of(
      "out-of-memory", () -> new OutOfMemoryError("Java heap space"),
      "stack-overflow", StackOverflowError::new,
      "no-class-def", () -> new NoClassDefFoundError("org/communal/Missing"),
      "assertion", () -> new AssertionError("a broken invariant"));

  /** Anonymous reads; a request with {@code X-Throw} makes authentication throw that error. */
  private static final class ThrowingHost extends AnonymousReadHost {
    @Override
    public Caller authenticate(HttpServletRequest request) {
      String error = request.getHeader("X-Throw");
      if (error != null) {
        throw ERRORS.get(error).get();
      }
      return Caller.anonymous();
    }
  }

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = TestServer.start(new CommunalServlet(core, new ThrowingHost()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"out-of-memory", "stack-overflow", "no-class-def", "assertion"})
  void anErrorIsAnsweredAsAnInternalErrorProblem(String error) throws Exception {
    HttpResponse<String> r = server.send("GET", "api/", null, Map.of("X-Throw", error));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = TestServer.json(r);
    assertThat(problem.get("code").asText()).isEqualTo("internal-error");
    assertThat(problem.get("reference").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Error", "at org.", "java.lang");
  }
}
