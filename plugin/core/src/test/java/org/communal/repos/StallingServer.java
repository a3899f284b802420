package org.communal.repos;

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
 * A deliberately slow "git host" on loopback: it reads the first request and then stalls, either
 * before answering at all or after the status line, headers and a few bytes of the body. It notes
 * when the client closes that connection (EOF or reset on the server's side of the socket).
 */
final class StallingServer implements AutoCloseable {
  /** Where the server stalls. */
  enum Stall { BEFORE_ANSWERING, IN_THE_BODY }

  private static final String HEADERS = "HTTP/1.1 200 OK\r\n"
      + "Content-Type: application/x-git-upload-pack-advertisement\r\n"
      + "Content-Length: 100000\r\n\r\n"
      + "001e# service=git-"; // a pkt-line, cut short

  private final ServerSocket socket;
  private final Stall stall;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch clientClosed = new CountDownLatch(1);
  private volatile long clientClosedAt;

  StallingServer(Stall stall) throws IOException {
    this.stall = stall;
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serveOne, "stalling-server");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/slow/app.git";
  }

  /** Waits until a client's request came in (and the server began stalling). */
  boolean awaitRequest(long seconds) throws InterruptedException {
    return requested.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits until the client closed the connection. */
  boolean awaitClientClosed(long millis) throws InterruptedException {
    return clientClosed.await(millis, TimeUnit.MILLISECONDS);
  }

  /** When the client closed the connection, by {@link System#nanoTime()}. */
  long clientClosedAt() {
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
        out.write(HEADERS.getBytes(StandardCharsets.US_ASCII));
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
