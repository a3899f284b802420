package org.communal.repos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A response body read as a blocking stream, with what the JDK's own stream lacks: a read
 * timeout, and a {@link #close()} that any thread may call to wake a blocked reader at once and
 * cancel the body (which makes the HTTP client close the connection). One reader thread at a time;
 * {@code close} from anywhere.
 */
final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<BodyStream> {
  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final long timeoutMillis;
  private final Consumer<BodyStream> onDone;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  // Only the reader thread touches these.
  private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
  private ByteBuffer current;
  private boolean ended;

  /**
   * @param timeoutMillis how long a read waits for data before failing; 0 waits for ever
   * @param onDone given this stream once, when the body has been read to its end or closed
   */
  BodyStream(long timeoutMillis, Consumer<BodyStream> onDone) {
    this.timeoutMillis = timeoutMillis;
    this.onDone = onDone;
  }

  @Override
  public CompletionStage<BodyStream> getBody() {
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable error) {
    queue.add(error);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    ByteBuffer buffer = nextBuffer();
    if (buffer == null) {
      return -1;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  /** Cancels the body: the connection is closed, and a reader blocked in read fails at once. */
  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.add(CLOSED);
    finish();
  }

  /** The next buffer with data, or null at the end of the body. */
  private ByteBuffer nextBuffer() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (closed) {
        throw new IOException("The response body was closed (the fetch was cancelled or ended)");
      }
      if (buffers.hasNext()) {
        current = buffers.next();
      } else if (ended) {
        return null;
      } else {
        take();
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private void take() throws IOException {
    Object item = poll();
    if (item == END) {
      ended = true;
      finish();
    } else if (item instanceof List<?> list) {
      buffers = ((List<ByteBuffer>) list).iterator();
      subscription.request(1); // one batch in hand, one on its way: memory stays bounded
    } else if (item instanceof Throwable error) {
      finish();
      throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
    }
    // CLOSED: the loop in nextBuffer throws.
  }

  private Object poll() throws IOException {
    try {
      Object item = timeoutMillis > 0 ? queue.poll(timeoutMillis, TimeUnit.MILLISECONDS)
          : queue.take();
      if (item == null) {
        close();
        throw new SocketTimeoutException("No data came for " + timeoutMillis + " ms");
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("Interrupted while reading a response");
    }
  }

  private void finish() {
    if (done.compareAndSet(false, true)) {
      onDone.accept(this);
    }
  }
}
