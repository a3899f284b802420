package org.communal.repos.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The HTTP exchanges of one fetch, so that cancelling the fetch aborts every one of them at once:
 * an exchange waiting for its answer is cancelled, a body being read is closed, and either way the
 * HTTP client closes the connection. After {@link #abortAll()} no new exchange can start.
 * Thread-safe: JGit sends on the fetching thread, a cancel hook aborts from any other.
 */
final class Exchanges implements AutoCloseable {
  /** Each exchange in flight: its body, and the response it belongs to. */
  private final Map<BodyStream, CompletableFuture<?>> open = new ConcurrentHashMap<>();
  private volatile boolean aborted;

  /** Fails if the fetch was aborted: no new connection is opened for it. */
  void requireOpen() throws IOException {
    if (aborted) {
      throw new InterruptedIOException("The fetch was cancelled; no new request is sent");
    }
  }

  /**
   * Sends a request and waits for the response's status and headers; the body is read later.
   *
   * @param readTimeoutMillis how long a read of the body waits for data; 0 for ever
   */
  HttpResponse<BodyStream> send(HttpClient client, HttpRequest request, long readTimeoutMillis)
      throws IOException {
    requireOpen();
    BodyStream body = new BodyStream(readTimeoutMillis, open::remove);
    CompletableFuture<HttpResponse<BodyStream>> response = client.sendAsync(request, info -> body);
    open.put(body, response);
    if (aborted) { // abortAll ran between requireOpen and put: it may have missed this one
      abort(body, response);
    }
    return await(response, body, request);
  }

  private static HttpResponse<BodyStream> await(CompletableFuture<HttpResponse<BodyStream>> f,
      BodyStream body, HttpRequest request) throws IOException {
    try {
      return f.get();
    } catch (CancellationException e) {
      abort(body, f);
      throw new InterruptedIOException("The request to " + request.uri() + " was cancelled");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(body, f);
      throw new InterruptedIOException("Interrupted while waiting for " + request.uri());
    } catch (ExecutionException e) {
      abort(body, f);
      throw asIoException(e.getCause(), request);
    }
  }

  /** Cancelling the response stops an exchange still waiting; closing the body, one being read. */
  private static void abort(BodyStream body, CompletableFuture<?> response) {
    response.cancel(true);
    body.close();
  }

  /** JGit reads a timeout from an {@link InterruptedIOException}; the JDK's is not one. */
  private static IOException asIoException(Throwable cause, HttpRequest request) {
    if (cause instanceof HttpTimeoutException timeout) {
      SocketTimeoutException e = new SocketTimeoutException("No answer from " + request.uri()
          + " within " + request.timeout().map(Object::toString).orElse("the timeout"));
      e.initCause(timeout);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("The request to " + request.uri() + " failed: " + cause, cause);
  }

  /** Aborts every exchange in flight, and every later one. Idempotent; never blocks. */
  public void abortAll() {
    aborted = true;
    open.forEach(Exchanges::abort); // closing a body removes it from the map
    open.clear();
  }

  /** {@link #abortAll()}: a fetch that ended leaves no connection half-read. */
  @Override
  public void close() {
    abortAll();
  }
}
