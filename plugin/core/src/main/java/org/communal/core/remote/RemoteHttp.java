package org.communal.core.remote;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.communal.context.Context;
import org.communal.context.ContextCancelledException;

/**
 * HTTP calls to other services (repository hosts, webhooks, CI) as sub-requests owned by a
 * context: each call is a child context whose cancellation aborts the exchange and closes its
 * connection at once, so a client that goes away, or a request past its deadline, never leaves a
 * call running. Thread-safe; one instance serves the whole process.
 */
public final class RemoteHttp {
  private final HttpClient client;

  private RemoteHttp(HttpClient client) {
    this.client = client;
  }

  /**
   * A client that gives up connecting after {@code connectTimeout}; the whole exchange is bounded
   * by the owning context's deadline.
   */
  public static RemoteHttp create(Duration connectTimeout) {
    return new RemoteHttp(HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build());
  }

  /**
   * Sends a request as a sub-request of {@code owner} and waits for the answer.
   *
   * @throws ContextCancelledException if the owner was cancelled (or is cancelled meanwhile): the
   *     exchange was aborted and its connection closed
   * @throws IOException if the exchange failed
   */
  public HttpResponse<String> send(Context owner, HttpRequest request) throws IOException {
    Context call = owner.child(request.method() + " " + request.uri().getHost()
        + request.uri().getPath());
    try {
      CompletableFuture<HttpResponse<String>> exchange =
          client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      // Cancelling the future aborts the exchange and closes its HTTP/1.1 connection.
      call.onCancel(cause -> exchange.cancel(true));
      return await(call, exchange);
    } finally {
      call.close();
    }
  }

  private static HttpResponse<String> await(Context call,
      CompletableFuture<HttpResponse<String>> exchange) throws IOException {
    try {
      return exchange.get();
    } catch (CancellationException e) {
      call.throwIfCancelled();
      throw new IOException("The call was aborted", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.cancel(true);
      throw new IOException("Interrupted while waiting for " + call.name(), e);
    } catch (ExecutionException e) {
      call.throwIfCancelled();
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io
          : new IOException(call.name() + " failed: " + cause, cause);
    }
  }

  @Override
  public String toString() {
    return "RemoteHttp[" + Objects.toString(client.connectTimeout().orElse(null)) + "]";
  }
}
