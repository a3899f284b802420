package org.communal.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 as bytes on a socket, for requests that a real client would clean up or refuse to
 * send (a request line with {@code /%}, a header without a colon). Each exchange uses its own
 * connection and reads the answer until the server closes it.
 */
final class RawHttp {
  /**
   * An answer as it came.
   *
   * @param statusLine such as {@code HTTP/1.1 400 Bad Request}
   * @param headers each as {@code name: value}, in order
   * @param body the body, decoded as UTF-8
   */
  record Answer(String statusLine, List<String> headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The first value of a header, by name in any case. */
    Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip()).findFirst();
    }

    @Override
    public String toString() {
      return statusLine + "\n" + String.join("\n", headers) + "\n\n" + body;
    }
  }

  private RawHttp() {}

  /**
   * Sends a request head (and body, if any) exactly as given, and reads the answer until the
   * server closes the connection.
   *
   * @param server the server's base URI
   * @param request the bytes to send, such as {@code "GET /% HTTP/1.1\r\nHost: x\r\n\r\n"}
   */
  static Answer exchange(URI server, String request) throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // A server that resets after answering has still answered: keep what came.
    }
    return out.toByteArray();
  }

  private static Answer parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("No complete answer head in: " + text);
    }
    List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\r\n")));
    String status = lines.remove(0);
    return new Answer(status, lines, text.substring(end + 4));
  }
}
