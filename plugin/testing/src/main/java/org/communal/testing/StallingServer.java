package org.communal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately slow HTTP server on loopback, for tests of cancellation and timeouts: it reads
 * the first request's head and then stalls, either before answering at all or after the status
 * line, the headers and the first bytes of a body it never finishes. It notes when the client
 * closes that connection (end of stream or a reset on the server's side of the socket).
 */
public final class StallingServer implements AutoCloseable {
  /** Where the server stalls. */
  public enum Stall { BEFORE_ANSWERING, IN_THE_BODY }

  private final ServerSocket socket;
  private final Stall stall;
  private final String path;
  private final String answerStart;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch clientClosed = new CountDownLatch(1);
  private volatile long clientClosedAt;

  private StallingServer(Stall stall, String path, String answerStart) throws IOException {
    this.stall = stall;
    this.path = path;
    this.answerStart = answerStart;
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serveOne, "stalling-server");
    t.setDaemon(true);
    t.start();
  }

  /** A server that never answers; {@link #url()} ends in {@code path}. */
  public static StallingServer beforeAnswering(String path) throws IOException {
    return new StallingServer(Stall.BEFORE_ANSWERING, path, "");
  }

  /**
   * A server that answers with {@code answerStart} (a status line, headers promising more than
   * follows, and the first bytes of the body) and then stalls.
   */
  public static StallingServer inTheBody(String path, String answerStart) throws IOException {
    return new StallingServer(Stall.IN_THE_BODY, path, answerStart);
  }

  /** The address of {@code path} on this server. */
  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** Waits until a client's request came in (and the server began stalling). */
  public boolean awaitRequest(long seconds) throws InterruptedException {
    return requested.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits until the client closed the connection. */
  public boolean awaitClientClosed(long millis) throws InterruptedException {
    return clientClosed.await(millis, TimeUnit.MILLISECONDS);
  }

  /** When the client closed the connection, by {@link System#nanoTime()}. */
  public long clientClosedAt() {
    return clientClosedAt;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void serveOne() {
    try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
      readRequestHead(in);
      if (stall == Stall.IN_THE_BODY) {
        OutputStream out = s.getOutputStream();
        out.write(answerStart.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      requested.countDown();
      while (in.read() >= 0) {
        // a client that sends more is still there
      }
      closed();
    } catch (IOException e) {
      closed(); // a reset also means the client went away
    }
  }

  private void closed() {
    clientClosedAt = System.nanoTime();
    clientClosed.countDown();
  }

  /** Reads up to the blank line that ends the request's headers. */
  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("The client closed before its request was complete");
      }
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
  }
}
