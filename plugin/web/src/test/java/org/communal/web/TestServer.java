package org.communal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A servlet served by Jetty on loopback under {@code /jenkins/communal/}, the way Jenkins mounts
 * it, with a small HTTP client for tests.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Server server;
  private final String base;

  private TestServer(Server server, String base) {
    this.server = server;
    this.base = base;
  }

  static TestServer start(HttpServlet servlet) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler(server, "/jenkins");
    context.addServlet(new ServletHolder(servlet), "/communal/*");
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return new TestServer(server, "http://127.0.0.1:" + port + "/jenkins/communal/");
  }

  /** The absolute base URL, ending in a slash. */
  String base() {
    return base;
  }

  /** Sends a request; {@code json} may be null for no body. */
  HttpResponse<String> send(String method, String path, String json, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
        : base + path)).method(method, json == null ? BodyPublishers.noBody()
        : BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }

  /** Sends a body of any type; {@code body} may be null for none. */
  HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body,
      Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the test server", e);
    } catch (Exception e) {
      throw new IllegalStateException("The test server did not stop", e);
    }
  }
}
