package org.communal.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.communal.web.ClientDisconnects;
import org.eclipse.jetty.ee9.nested.Request;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, while a request is being handled, that its client closed the connection. Jetty reads
 * nothing between a request's body and its response, so a second selector watches those
 * connections: readable there means the client hung up (or, rarely, pipelined another request,
 * which then costs that connection). One daemon thread serves every request. Thread-safe.
 */
final class JettyDisconnects implements ClientDisconnects, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JettyDisconnects.class);

  private final Selector selector;
  private final Queue<JettyWatch> pending = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean open = true;

  JettyDisconnects() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector to watch for client disconnects", e);
    }
    thread = new Thread(this::run, "client-disconnects");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Watch watch(HttpServletRequest request, Runnable gone) {
    SocketChannel channel = channelOf(request);
    if (channel == null) {
      return Watch.NONE;
    }
    JettyWatch watch = new JettyWatch(channel, gone);
    pending.add(watch);
    selector.wakeup();
    return watch;
  }

  @Override
  public void close() throws IOException {
    open = false;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    selector.close();
  }

  private static SocketChannel channelOf(HttpServletRequest request) {
    Request base = Request.getBaseRequest(request);
    EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
    if (endPoint instanceof SelectableChannelEndPoint selectable
        && selectable.getChannel() instanceof SocketChannel socket) {
      return socket;
    }
    return null;
  }

  private void run() {
    while (open) {
      try {
        selector.select();
        registerPending();
        for (SelectionKey key : selector.selectedKeys()) {
          ((JettyWatch) key.attachment()).readable(key);
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Watching for client disconnects failed; continuing", e);
      }
    }
  }

  private void registerPending() {
    for (JettyWatch w; (w = pending.poll()) != null; ) {
      w.register(selector);
    }
  }

  /** One request's watch. */
  private static final class JettyWatch implements Watch {
    private final SocketChannel channel;
    private final Runnable gone;
    private SelectionKey key;
    private boolean done;
    private boolean consumed;

    JettyWatch(SocketChannel channel, Runnable gone) {
      this.channel = channel;
      this.gone = gone;
    }

    synchronized void register(Selector selector) {
      if (done) {
        return;
      }
      try {
        key = channel.register(selector, SelectionKey.OP_READ, this);
      } catch (ClosedChannelException | CancelledKeyException e) {
        reportGone();
      }
    }

    void readable(SelectionKey selected) {
      boolean hungUp;
      synchronized (this) {
        if (done) {
          selected.cancel();
          return;
        }
        hungUp = readOne();
        selected.cancel();
        done = true;
      }
      if (hungUp) {
        gone.run();
      }
    }

    /** Reads one byte: end of stream (or an error) means the client went away. */
    private boolean readOne() {
      try {
        int n = channel.read(ByteBuffer.allocate(1));
        consumed = n > 0;
        return n < 0;
      } catch (IOException e) {
        return true;
      }
    }

    private void reportGone() {
      done = true;
      gone.run();
    }

    @Override
    public synchronized void close() {
      done = true;
      if (key != null) {
        key.cancel();
      }
    }

    @Override
    public synchronized boolean consumedInput() {
      return consumed;
    }
  }
}
