package org.communal.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A lean HTTP/1.1 client for load timings: one kept-alive loopback connection, requests written
 * as bytes, answers read as bytes and never decoded. On a two-core machine the client shares the
 * CPU with the server, so a heavy client (decoding every 40 KB answer into a string) would be
 * counted against the service. Not thread-safe: one per client thread.
 */
final class LoopbackClient implements AutoCloseable {
  /** An answer: its status and its body's bytes. */
  record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final String basePath;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client for a base URL on loopback, such as {@code http://127.0.0.1:8080/communal/}. */
  LoopbackClient(String base) {
    URI uri = URI.create(base);
    if (!java.util.Set.of("127.0.0.1", "[::1]", "::1").contains(uri.getHost())) {
      throw new IllegalArgumentException("load goes to loopback only, not " + uri.getHost());
    }
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.basePath = uri.getPath();
  }

  /** Sends a request with an optional JSON body and reads the whole answer. */
  Answer send(String method, String path, String json, Map<String, String> headers)
      throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 65536);
      out = socket.getOutputStream();
    }
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(basePath)
        .append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
        .append("\r\nContent-Length: ").append(body.length).append("\r\n");
    if (json != null) {
      head.append("Content-Type: application/json\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return read();
  }

  private Answer read() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).strip());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      body.write(in.readNBytes((int) length));
    }
    if (close) {
      close();
    }
    return new Answer(code, body.toByteArray());
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection mid-answer");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
