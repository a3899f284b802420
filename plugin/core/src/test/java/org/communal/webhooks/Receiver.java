package org.communal.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HTTP server): it answers each request with the next
 * scripted status (200 once the script is used up), and keeps every request it got. {@link #HANG}
 * in the script blocks that request until {@link #release()}, then answers 200.
 */
final class Receiver implements AutoCloseable {
  /** In a script: block until released. */
  static final int HANG = -1;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final CountDownLatch released = new CountDownLatch(1);

  /**
   * One request as it came in.
   *
   * @param headers its headers
   * @param body its exact body bytes
   */
  record Request(Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Receiver(List<Integer> statuses) throws IOException {
    script.addAll(statuses);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver answering these statuses in turn, then 200. */
  static Receiver answering(Integer... statuses) throws IOException {
    return new Receiver(List.of(statuses));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next request that came in, waiting at most {@code wait}; fails if none came. */
  Request next(Duration wait) throws InterruptedException {
    Request r = requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("No request reached the receiver within " + wait);
    }
    return r;
  }

  /** The requests received and not yet taken with {@link #next}. */
  List<Request> rest() {
    return List.copyOf(requests);
  }

  /** Lets hanging requests answer. */
  void release() {
    released.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Integer status = script.poll();
    requests.add(new Request(exchange.getRequestHeaders(), body));
    if (status != null && status == HANG) {
      awaitRelease();
      status = 200;
    }
    int code = status == null ? 200 : status;
    if (code == 204) {
      exchange.sendResponseHeaders(code, -1); // no body, as 204 requires
      exchange.close();
      return;
    }
    byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private void awaitRelease() {
    try {
      released.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
