package org.communal.repos.internal;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjIntConsumer;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * One HTTP request of a JGit fetch, sent through {@code java.net.http} so that the fetch can abort
 * it from another thread (see {@link ContextHttpConnectionFactory}). Like {@code
 * HttpURLConnection}, the request goes out when the response is first asked for; a request body is
 * buffered until then. Used by one thread, as JGit does.
 *
 * <p>TLS certificates are always verified: JGit's {@code http.sslVerify=false} is refused.
 */
final class ContextHttpConnection implements HttpConnection {
  private final HttpClient client;
  private final Exchanges exchanges;
  private final URL url;
  private final ObjIntConsumer<URL> statusListener;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String method = "GET";
  private int connectTimeoutMillis;
  private int readTimeoutMillis;
  private ByteArrayOutputStream body;
  private HttpResponse<BodyStream> response;
  private IOException failure;

  ContextHttpConnection(HttpClient client, Exchanges exchanges, URL url,
      ObjIntConsumer<URL> statusListener) {
    this.client = client;
    this.exchanges = exchanges;
    this.url = url;
    this.statusListener = statusListener;
  }

  /** Sends the request the first time, and remembers the answer or the failure. */
  private HttpResponse<BodyStream> response() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (response == null) {
      try {
        response = exchanges.send(client, request(), readTimeoutMillis);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      statusListener.accept(url, response.statusCode());
    }
    return response;
  }

  private HttpRequest request() throws IOException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("Not a valid URI: " + url, e);
    }
    int timeout = Math.max(connectTimeoutMillis, readTimeoutMillis);
    if (timeout > 0) {
      b.timeout(Duration.ofMillis(timeout)); // until the status and headers are in
    }
    headers.forEach((name, value) -> setHeader(b, name, value));
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
    return b.method(method, publisher).build();
  }

  /** The client sets Host, Content-Length and Connection itself and refuses them from us. */
  private static void setHeader(HttpRequest.Builder b, String name, String value) {
    try {
      b.setHeader(name, value);
    } catch (IllegalArgumentException restricted) {
      // left to the client
    }
  }

  @Override
  public int getResponseCode() throws IOException {
    return response().statusCode();
  }

  @Override
  public URL getURL() {
    return url;
  }

  /** {@code java.net.http} does not keep the reason phrase; these are the standard ones. */
  @Override
  public String getResponseMessage() throws IOException {
    return switch (response().statusCode()) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "";
    };
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    try {
      fields.putAll(response().headers().map());
    } catch (IOException e) {
      // like HttpURLConnection: no headers when the request failed
    }
    return Collections.unmodifiableMap(fields);
  }

  @Override
  public List<String> getHeaderFields(String name) {
    return getHeaderFields().getOrDefault(name, List.of());
  }

  @Override
  public String getHeaderField(String name) {
    List<String> values = getHeaderFields(name);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public String getContentType() {
    return getHeaderField("Content-Type");
  }

  @Override
  public int getContentLength() {
    String length = getHeaderField("Content-Length");
    try {
      return length == null ? -1 : Integer.parseInt(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Like {@code HttpURLConnection}: an error status fails, and its body is dropped. */
  @Override
  public InputStream getInputStream() throws IOException {
    HttpResponse<BodyStream> r = response();
    int status = r.statusCode();
    if (status >= 400) {
      r.body().close();
      if (status == 404 || status == 410) {
        throw new FileNotFoundException(url.toString());
      }
      throw new IOException("Server returned HTTP response code: " + status + " for URL: " + url);
    }
    return r.body();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    if (response != null) {
      throw new ProtocolException("The request to " + url + " was already sent");
    }
    if (body == null) {
      body = new ByteArrayOutputStream();
    }
    return body;
  }

  @Override
  public void setRequestProperty(String key, String value) {
    headers.put(key, value);
  }

  @Override
  public void setRequestMethod(String newMethod) {
    method = newMethod;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public void setConnectTimeout(int timeout) {
    connectTimeoutMillis = timeout;
  }

  @Override
  public void setReadTimeout(int timeout) {
    readTimeoutMillis = timeout;
  }

  /** The request goes out when its response is first asked for, as with HttpURLConnection. */
  @Override
  public void connect() {
    // nothing to do yet
  }

  @Override
  public void setUseCaches(boolean useCaches) {
    // no cache in between
  }

  /** JGit always asks for false and follows redirects itself; the client never follows them. */
  @Override
  public void setInstanceFollowRedirects(boolean followRedirects) {
    // the client is built with Redirect.NEVER
  }

  @Override
  public void setDoOutput(boolean doOutput) {
    // a body is sent if one was written
  }

  @Override
  public void setFixedLengthStreamingMode(int contentLength) {
    // the body is buffered and sent with its length
  }

  @Override
  public void setChunkedStreamingMode(int chunkLength) {
    // the body is buffered and sent with its length
  }

  @Override
  public boolean usingProxy() {
    return false;
  }

  /** JGit calls this only to turn certificate checks off, which mirrors never do. */
  @Override
  public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
      throws KeyManagementException {
    throw new KeyManagementException("Repository mirrors always verify TLS certificates;"
        + " remove http.sslVerify=false from the git configuration, or install the host's"
        + " certificate in the JVM's trust store");
  }

  @Override
  public void setHostnameVerifier(HostnameVerifier verifier) throws KeyManagementException {
    configure(null, null, null);
  }
}
