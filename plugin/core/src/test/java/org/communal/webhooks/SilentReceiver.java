package org.communal.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A receiver on 127.0.0.1 that reads one request's head and never answers, and notes when the
 * client closes that connection (end of stream or reset on the server's side).
 */
final class SilentReceiver implements AutoCloseable {
  private final ServerSocket socket;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch clientClosed = new CountDownLatch(1);
  private volatile long clientClosedAt;

  SilentReceiver() throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serveOne, "silent-receiver");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
  }

  boolean awaitRequest(long seconds) throws InterruptedException {
    return requested.await(seconds, TimeUnit.SECONDS);
  }

  boolean awaitClientClosed(long millis) throws InterruptedException {
    return clientClosed.await(millis, TimeUnit.MILLISECONDS);
  }

  /** When the client closed the connection, by {@link System#nanoTime()}. */
  long clientClosedAt() {
    return clientClosedAt;
  }

  private void serveOne() {
    try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
      readHead(in);
      requested.countDown();
      while (in.read() >= 0) {
        // the body, then nothing: the client is still there
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

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("The client closed before its request's head was complete");
      }
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
