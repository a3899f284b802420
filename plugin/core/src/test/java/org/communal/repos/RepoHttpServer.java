package org.communal.repos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Serves the bare repositories in a directory over HTTP (or HTTPS) on loopback: as static files ("dumb HTTP",
 * after {@code git update-server-info}) under {@code /}, and through {@code git http-backend} as a
 * CGI ("smart HTTP") under {@code /smart/}. It can demand Basic credentials, answer every request
 * with one status, and hold requests at a gate until the test opens it.
 */
final class RepoHttpServer implements AutoCloseable {
  private final Path root;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile String credentials;
  private volatile int fixedStatus;
  private volatile Predicate<String> gated = path -> false;
  private volatile CountDownLatch gateReached = new CountDownLatch(1);
  private final AtomicInteger gateArrivals = new AtomicInteger();
  private final CountDownLatch gateOpen = new CountDownLatch(1);

  private final String scheme;

  RepoHttpServer(Path root) throws IOException {
    this(root, null);
  }

  /** A server of https:// URLs with this TLS context, or of http:// ones if it is null. */
  RepoHttpServer(Path root, SSLContext tls) throws IOException {
    this.root = root;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      scheme = "http";
      server = HttpServer.create(loopback, 50);
    } else {
      scheme = "https";
      HttpsServer https = HttpsServer.create(loopback, 50);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The URL of a path on this server, such as {@code app.git} or {@code smart/app.git}. */
  String url(String path) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  /** The URL with credentials in it. */
  String url(String userInfo, String path) {
    return scheme + "://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  /** From now on, only Basic {@code user:password} gets in. */
  void requireCredentials(String user, String password) {
    credentials = Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** From now on, every request gets this status (401 with a Basic challenge). */
  void answerEverything(int status) {
    fixedStatus = status;
  }

  /** Holds requests whose path matches until {@link #openGate()}. */
  void gate(Predicate<String> paths) {
    gateReached = new CountDownLatch(1);
    gated = paths;
  }

  boolean awaitGateReached(long seconds) throws InterruptedException {
    return gateReached.await(seconds, TimeUnit.SECONDS);
  }

  /** How many requests came to the gate so far (held or let through). */
  int gateArrivals() {
    return gateArrivals.get();
  }

  void openGate() {
    gateOpen.countDown();
  }

  /** The paths requested so far, with their queries. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** The most requests this server ever answered at the same time. */
  int mostInFlight() {
    return mostInFlight.get();
  }

  @Override
  public void close() {
    openGate();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    String path = ex.getRequestURI().getPath();
    requests.add(ex.getRequestURI().toString());
    try (ex) {
      if (fixedStatus != 0) {
        send(ex, fixedStatus, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
      } else if (credentials != null && !authorized(ex)) {
        send(ex, 401, "text/plain", "who are you?".getBytes(StandardCharsets.UTF_8));
      } else {
        waitAtGate(path);
        if (path.startsWith("/smart/")) {
          cgi(ex, path.substring("/smart".length()));
        } else {
          file(ex, path);
        }
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    return header != null && header.equals("Basic " + credentials);
  }

  private void waitAtGate(String path) {
    if (gated.test(path)) {
      gateArrivals.incrementAndGet();
      gateReached.countDown();
      try {
        gateOpen.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void file(HttpExchange ex, String path) throws IOException {
    Path file = root.resolve(path.substring(1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      send(ex, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(ex, 200, "application/octet-stream", Files.readAllBytes(file));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (status == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"repositories\"");
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Runs {@code git http-backend} as a CGI: request body in, CGI headers and body out. */
  private void cgi(HttpExchange ex, String pathInfo) throws IOException {
    byte[] requestBody = ex.getRequestBody().readAllBytes();
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", root.toString());
    env.put("PATH_INFO", pathInfo);
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? ""
        : ex.getRequestURI().getRawQuery());
    env.put("CONTENT_LENGTH", String.valueOf(requestBody.length));
    env.put("REMOTE_ADDR", "127.0.0.1");
    putHeader(env, ex, "CONTENT_TYPE", "Content-Type");
    putHeader(env, ex, "HTTP_CONTENT_ENCODING", "Content-Encoding");
    putHeader(env, ex, "GIT_PROTOCOL", "Git-Protocol");
    Process p = pb.start();
    threads.execute(() -> feed(p, requestBody));
    byte[] out = p.getInputStream().readAllBytes();
    reply(ex, out);
  }

  private static void putHeader(Map<String, String> env, HttpExchange ex, String var, String h) {
    String value = ex.getRequestHeaders().getFirst(h);
    if (value != null) {
      env.put(var, value);
    }
  }

  private static void feed(Process p, byte[] body) {
    try (OutputStream in = p.getOutputStream()) {
      in.write(body);
    } catch (IOException e) {
      // the backend stopped reading: its answer says why
    }
  }

  /** Turns CGI output (headers, a blank line, the body) into the HTTP answer. */
  private static void reply(HttpExchange ex, byte[] cgiOutput) throws IOException {
    int end = indexOf(cgiOutput, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (end < 0) {
      end = indexOf(cgiOutput, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    String head = new String(cgiOutput, 0, Math.max(end, 0), StandardCharsets.US_ASCII);
    int status = 200;
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.substring(0, 3));
        } else {
          ex.getResponseHeaders().add(name, value);
        }
      }
    }
    byte[] body = Arrays.copyOfRange(cgiOutput, end + skip, cgiOutput.length);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
