package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.communal.core.CommunalCore;
import org.communal.core.ReviewRequestDraft;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up while it sends its request, or while its answer is written, is routine:
 * one line at INFO that says so, never an "Unexpected failure" at ERROR with a stack trace, and
 * nothing left for the container to report. The log is captured from standard error, where the
 * tests' SLF4J binding writes.
 */
class ClientHangUpLoggingTest {
  /** Serves through the servlet under test; records what escaped it and when it is done. */
  private static final class Finishing extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient CommunalServlet servlet;
    final transient List<Throwable> escaped = new CopyOnWriteArrayList<>();
    final transient CountDownLatch done = new CountDownLatch(1);

    Finishing(CommunalServlet servlet) {
      this.servlet = servlet;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
        throws ServletException, IOException {
      try {
        servlet.service(req, resp);
      } catch (IOException | RuntimeException | Error e) {
        escaped.add(e);
        throw e;
      } finally {
        done.countDown();
      }
    }
  }

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private CommunalCore core;
  private User root;
  private String token;
  private Finishing finishing;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    TestAdmin admin = TestAdmin.create(core);
    root = admin.user();
    token = admin.token();
    finishing = new Finishing(new CommunalServlet(core, new AccountsHost(core, false)));
    server = TestServer.start(finishing);
    originalErr = System.err;
    System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setErr(originalErr);
    server.close();
  }

  @Test
  void aClientThatHangsUpWhileSendingItsBodyIsOneLineAtInfo() throws Exception {
    try (Socket client = connect()) {
      client.getOutputStream().write(head("POST", "api/review-requests/",
          "Content-Type: application/json\r\nContent-Length: 1000\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().write("{\"summary\": \"half".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
    } // hangs up with 983 bytes of the body unsent

    assertThat(finishing.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertRoutine();
  }

  @Test
  void aClientThatHangsUpWhileItsAnswerIsWrittenIsOneLineAtInfo() throws Exception {
    String description = "d".repeat(ReviewRequestDraft.MAX_TEXT);
    for (int i = 0; i < 100; i++) { // 10 MB of answer: more than the sockets' buffers hold
      core.reviewRequests().create(root, ReviewRequestDraft.builder().summary("big " + i)
          .description(description).build());
    }
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096); // fixed, so that the kernel does not grow it
      client.connect(new java.net.InetSocketAddress(base().getHost(), base().getPort()));
      client.getOutputStream().write(head("GET", "api/review-requests/?max-results=100", "")
          .getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      assertThat(client.getInputStream().read()).as("the answer has begun").isEqualTo('H');
      client.setSoLinger(true, 0); // closing resets the connection at once
    }

    assertThat(finishing.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertRoutine();
  }

  private void assertRoutine() {
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(finishing.escaped).as("thrown to the container").isEmpty();
    assertThat(logged).doesNotContain("ERROR", "WARN", "Unexpected failure", "\tat ");
    assertThat(logged.lines().filter(l -> l.contains(" INFO ") && l.contains("client")))
        .as(logged).hasSize(1);
  }

  private URI base() {
    return URI.create(server.base());
  }

  private Socket connect() throws IOException {
    return new Socket(base().getHost(), base().getPort());
  }

  private String head(String method, String path, String headers) {
    return method + " " + base().getPath() + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: token " + token + "\r\n" + headers + "\r\n";
  }

  /** Writes to two streams: the test's own output stays visible while it is captured. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeStream(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
