package org.communal.webhooks.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.communal.context.CancellationCause;
import org.communal.context.Context;

/**
 * One delivery attempt over HTTP, as a sub-request owned by a context, like {@code RemoteHttp}:
 * cancelling the context (its deadline, or the dispatcher closing) aborts the exchange and closes
 * its connection. Unlike {@code RemoteHttp}, it follows no redirect (a receiver that moved says
 * so with an error the admin sees) and keeps only the start of the answer, so that a receiver
 * cannot fill the memory. Thread-safe. Not API.
 */
public final class Sender {
  /** How much of an answer's body is kept for the delivery log. */
  static final int KEEP_BYTES = 1024;

  private final HttpClient client;

  public Sender(Duration connectTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Sends the delivery in {@code attempt} (which the caller creates and closes). */
  public Outcome send(Context attempt, Claimed d) {
    HttpRequest request;
    try {
      request = request(d);
    } catch (IllegalArgumentException e) {
      return new Outcome(Outcome.Kind.FAILED, null, "The URL " + d.url() + " cannot be used: "
          + e.getMessage() + "; fix the webhook's URL and redeliver");
    }
    CompletableFuture<HttpResponse<String>> exchange =
        client.sendAsync(request, info -> new FirstBytes());
    // Cancelling the future aborts the exchange and closes its HTTP/1.1 connection.
    attempt.onCancel(cause -> exchange.cancel(true));
    try {
      return answered(exchange.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.cancel(true);
      return new Outcome(Outcome.Kind.CANCELLED, null, "Interrupted: the dispatcher stopped");
    } catch (ExecutionException | CancellationException e) {
      return failed(attempt, e instanceof ExecutionException ? e.getCause() : e, d);
    }
  }

  private static HttpRequest request(Claimed d) {
    byte[] body = Envelope.body(d.event(), d.id(), d.stored());
    return HttpRequest.newBuilder(URI.create(d.url()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json")
        .header("User-Agent", "Communal-Webhooks")
        .header("X-Communal-Event", d.event())
        .header("X-Communal-Delivery", Long.toString(d.id()))
        .header("X-Communal-Signature", Signatures.sign(d.secret(), body))
        .build();
  }

  private static Outcome answered(HttpResponse<String> response) {
    int code = response.statusCode();
    String answer = response.body().isBlank() ? "" : ": " + response.body();
    if (code >= 200 && code < 300) {
      return new Outcome(Outcome.Kind.DELIVERED, code, "HTTP " + code);
    }
    if (code == 410) {
      return new Outcome(Outcome.Kind.FAILED, code, "HTTP 410 Gone: the receiver says this URL"
          + " is gone for good, so the delivery failed without retrying; fix the URL or delete"
          + " the webhook" + answer);
    }
    if (code >= 300 && code < 400) {
      return new Outcome(Outcome.Kind.RETRY, code, "HTTP " + code + ": redirects are not"
          + " followed; point the webhook at " + response.headers().firstValue("Location")
          .orElse("the new URL"));
    }
    return new Outcome(Outcome.Kind.RETRY, code, "HTTP " + code + answer);
  }

  private static Outcome failed(Context attempt, Throwable error, Claimed d) {
    CancellationCause cause = attempt.cancellation().orElse(null);
    if (cause != null && cause.isDeadlineExceeded()) {
      return new Outcome(Outcome.Kind.RETRY, null, "No complete answer within the attempt's"
          + " timeout; the connection was closed");
    }
    if (cause != null) {
      return new Outcome(Outcome.Kind.CANCELLED, null, "Cancelled (" + cause.reason()
          + "): the dispatcher stopped during the attempt; it is sent again when one runs");
    }
    return new Outcome(Outcome.Kind.RETRY, null, describe(error, d));
  }

  private static String describe(Throwable error, Claimed d) {
    String host = URI.create(d.url()).getAuthority();
    if (error instanceof HttpConnectTimeoutException) {
      return "Connecting to " + host + " timed out";
    }
    if (error instanceof ConnectException) {
      return "Could not connect to " + host + " (" + message(error) + ")";
    }
    if (error instanceof IOException) {
      return "The exchange with " + host + " failed: " + message(error);
    }
    return "The exchange with " + host + " failed unexpectedly: " + error;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Keeps the first {@link #KEEP_BYTES} of a body and drops the rest as it arrives. */
  private static final class FirstBytes implements HttpResponse.BodySubscriber<String> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        int n = Math.min(b.remaining(), KEEP_BYTES - kept.size());
        if (n > 0) {
          byte[] bytes = new byte[n];
          b.get(bytes);
          kept.write(bytes, 0, n);
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      // A multi-byte character cut at the limit becomes U+FFFD: this is only for people.
      result.complete(new String(kept.toByteArray(), StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }
  }
}
