package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** At most so many requests run at once; the others wait their turn, or get 503 in the end. */
class AdmissionTest {
  /** Anonymous reads; a request with {@code X-Hold} stays inside until released. */
  private static final class HoldingHost extends AnonymousReadHost {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Caller authenticate(HttpServletRequest request) {
      if (request.getHeader("X-Hold") != null) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Caller.anonymous();
    }
  }

  private final HoldingHost host = new HoldingHost();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = TestServer.start(CommunalServlet.configure(core, host).maxConcurrentRequests(1)
        .admissionTimeout(Duration.ofMillis(300)).build());
  }

  @AfterEach
  void stop() throws Exception {
    host.release.countDown();
    server.close();
  }

  @Test
  void aRequestBeyondTheLimitWaitsAndIsAnswered503WhenItsTurnDoesNotCome() throws Exception {
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> get(
        Map.of("X-Hold", "1")));
    assertThat(host.entered.await(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> refused = get(Map.of());

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(TestServer.json(refused).get("code").asText()).isEqualTo("overloaded");
    assertThat(held.isDone()).isFalse();
    host.release.countDown();
    assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    // The slot frees just after the held answer is written; a request sent in between waits
    // for it (up to 300 ms on a busy machine, then 503), so allow a few tries.
    int status = 0;
    for (int attempt = 0; attempt < 10 && status != 200; attempt++) {
      status = get(Map.of()).statusCode();
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void aRefusedRequestWithABodyClosesItsConnection() throws Exception {
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> get(
        Map.of("X-Hold", "1")));
    assertThat(host.entered.await(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> refused = server.send("POST", "api/review-requests/",
        "{\"summary\": \"waits\"}", Map.of());

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Connection")).hasValue("close");
    host.release.countDown();
    assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aWaitingRequestRunsAsSoonAsTheRunningOneEnds() throws Exception {
    server.close();
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    server = TestServer.start(CommunalServlet.configure(core, host).maxConcurrentRequests(1)
        .admissionTimeout(Duration.ofSeconds(60)).build());
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> get(
        Map.of("X-Hold", "1")));
    assertThat(host.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> get(
        Map.of()));

    assertThat(waiting.isDone()).isFalse();
    host.release.countDown();

    assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void theLimitAndTheTimeoutMustBePositive() {
    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    assertThatThrownBy(() -> CommunalServlet.configure(core, host).maxConcurrentRequests(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentRequests must be 1 or more, was 0");
    assertThatThrownBy(() -> CommunalServlet.configure(core, host)
        .admissionTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admissionTimeout must be positive, was PT0S");
  }

  private HttpResponse<String> get(Map<String, String> headers) {
    try {
      return server.send("GET", "api/", null, headers);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
