package org.communal.server;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.context.ContextCancelledException;
import org.communal.core.remote.RemoteHttp;
import org.communal.web.ClientDisconnects;
import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up while its request waits on a slow remote service: the request's context
 * is cancelled at once, the remote call is aborted and its connection closed. Everything runs on
 * loopback: a deliberately slow HTTP server, the server under test, and a raw-socket client.
 */
class ClientDisconnectTest {
  private final CountDownLatch remoteAccepted = new CountDownLatch(1);
  private final CountDownLatch remoteSawClose = new CountDownLatch(1);
  private final CountDownLatch requestFinished = new CountDownLatch(1);
  private final AtomicReference<Throwable> outcome = new AtomicReference<>();
  private ServerSocket slowRemote;
  private Server jetty;
  private JettyDisconnects disconnects;
  private Context requests;

  @BeforeEach
  void start() throws Exception {
    slowRemote = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread remote = new Thread(this::serveSlowly, "slow-remote");
    remote.setDaemon(true);
    remote.start();
    disconnects = new JettyDisconnects();
    requests = Context.root("requests");
    jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    new ServletContextHandler(jetty, "/").addServlet(new ServletHolder(new CallsRemote()), "/*");
    jetty.start();
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    disconnects.close();
    slowRemote.close();
    requests.close();
  }

  /** Accepts one call, never answers, and notes when the caller closes the connection. */
  private void serveSlowly() {
    try (Socket s = slowRemote.accept(); InputStream in = s.getInputStream()) {
      remoteAccepted.countDown();
      while (in.read() >= 0) {
        // Swallow the request; a slow service takes its time to answer.
      }
      remoteSawClose.countDown();
    } catch (IOException e) {
      remoteSawClose.countDown(); // a reset also means the caller went away
    }
  }

  /** Runs each request in a context, watched for disconnects, and calls the slow remote. */
  private final class CallsRemote extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Context request = requests.child("GET " + req.getRequestURI());
      ClientDisconnects.Watch watch = disconnects.watch(req, () -> request.cancel(
          CancellationCause.of(CancellationCause.CLIENT_DISCONNECTED)));
      try {
        RemoteHttp.create(Duration.ofSeconds(5)).send(request, HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + slowRemote.getLocalPort() + "/slow")).build());
        resp.getWriter().println("answered");
      } catch (ContextCancelledException | IOException e) {
        outcome.set(e);
      } finally {
        watch.close();
        request.close();
        requestFinished.countDown();
      }
    }
  }

  @Test
  void aClientThatHangsUpCancelsItsRequestAndTheRemoteCallWithinASecond() throws Exception {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.getOutputStream().write("GET /review HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(remoteAccepted.await(10, SECONDS)).as("the remote call started").isTrue();
    } // the client hangs up here, while the remote call is still waiting

    assertThat(remoteSawClose.await(1, SECONDS))
        .as("the remote call's connection was closed within a second").isTrue();
    assertThat(requestFinished.await(10, SECONDS)).isTrue();
    assertThat(outcome.get()).isInstanceOfSatisfying(ContextCancelledException.class, e ->
        assertThat(e.cancellation().reason()).isEqualTo(CancellationCause.CLIENT_DISCONNECTED));
    assertThat(requests.children()).as("request contexts left behind").isEmpty();
  }

  @Test
  void aClientThatWaitsGetsItsAnswerOnTheSameConnectionAfterwards() throws Exception {
    // The watch must not disturb a connection whose client stays: serve one request fully.
    slowRemote.close();
    slowRemote = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread quick = new Thread(() -> {
      try (Socket s = slowRemote.accept()) {
        s.getInputStream().read(new byte[1024]);
        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.getInputStream().read();
      } catch (IOException e) {
        // the test fails on the client side if this server misbehaves
      }
    });
    quick.setDaemon(true);
    quick.start();
    var client = java.net.http.HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0])
        .getLocalPort() + "/review");

    var response = client.send(HttpRequest.newBuilder(uri).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("answered");
    assertThat(outcome.get()).isNull();
  }
}
