package org.communal.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.communal.context.Context;
import org.communal.context.ContextClosedException;
import org.communal.context.Owned;
import org.communal.webhooks.internal.Backoff;
import org.communal.webhooks.internal.Claimed;
import org.communal.webhooks.internal.DeliveryQueue;
import org.communal.webhooks.internal.Outcome;
import org.communal.webhooks.internal.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending webhook deliveries after their events committed: every poll interval, and at
 * once when {@link #wake() woken} (recording an event, a ping or a redelivery wakes the
 * dispatchers of the same {@link Webhooks}). It claims due deliveries with {@code SELECT ... FOR
 * UPDATE SKIP LOCKED}, so dispatchers on several nodes share one database without sending a
 * delivery twice, and POSTs each as a child context of its own context, cut at the per-attempt
 * timeout. Failures are retried on a backoff schedule; each attempt is logged on the delivery.
 *
 * <p><b>Ownership and threads.</b> {@link Builder#start(Context)} hands the dispatcher to a new
 * child context of the given parent, named {@code webhook-dispatcher}, and starts one loop thread
 * and at most {@code maxInFlight} sending threads. Closing that context (or its parent, or
 * calling {@link #close()}) cancels the attempts in flight (their connections are closed at
 * once), stops the threads and waits for them; deliveries not finished stay pending for the next
 * start. The data source must outlive the dispatcher: start it after the pool is owned by the
 * same tree, so that it closes first. Thread-safe.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Webhooks webhooks;
  private final DeliveryQueue queue;
  private final Sender sender;
  private final Backoff backoff;
  private final Duration pollEvery;
  private final Duration attemptTimeout;
  private final Duration lease;
  private final Semaphore slots;
  private final Semaphore wakeups = new Semaphore(0);
  private final Runnable waker = this::wake;
  private final Consumer<Attempt> afterAttempt;
  private final ExecutorService senders;
  private final Thread loop;
  private volatile boolean running = true;
  private volatile Owned<WebhookDispatcher> owned;

  private WebhookDispatcher(Builder b) {
    this.webhooks = b.webhooks;
    this.queue = new DeliveryQueue(webhooks.jdbi());
    this.sender = new Sender(b.connectTimeout);
    this.backoff = new Backoff(b.backoff);
    this.pollEvery = b.pollEvery;
    this.attemptTimeout = b.attemptTimeout;
    // Long enough that a claimed row is never due again while its attempt may still run.
    this.lease = attemptTimeout.plus(Duration.ofMinutes(1));
    this.slots = new Semaphore(b.maxInFlight);
    this.afterAttempt = b.afterAttempt;
    this.senders = new ThreadPoolExecutor(b.maxInFlight, b.maxInFlight, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons("webhook-delivery-"));
    this.loop = daemons("webhook-dispatcher-").newThread(this::run);
  }

  private void start(Context parent) {
    owned = parent.own("webhook-dispatcher", this, WebhookDispatcher::stop);
    webhooks.addWaker(waker);
    loop.start();
  }

  /** Looks for due deliveries now instead of at the next poll. Never blocks. */
  public void wake() {
    wakeups.release();
  }

  /** The context that owns this dispatcher; its attempts are its children. */
  public Context context() {
    return owned.context();
  }

  /** Closes the dispatcher's context: see the class comment. Idempotent. */
  @Override
  public void close() {
    owned.close();
  }

  private void run() {
    while (running) {
      try {
        dispatchDue();
      } catch (RuntimeException e) {
        LOG.warn("Claiming webhook deliveries failed; trying again in {}", pollEvery, e);
      }
      awaitWork();
    }
  }

  private void dispatchDue() {
    int free = slots.availablePermits();
    if (free == 0 || context().isCancelled()) {
      return;
    }
    List<Claimed> claimed = queue.claim(webhooks.clock().instant(), lease, free);
    for (Claimed d : claimed) {
      slots.acquireUninterruptibly(); // only this thread takes slots, so one is free
      try {
        senders.execute(() -> attempt(d));
      } catch (RejectedExecutionException stopping) {
        slots.release();
        queue.release(d, webhooks.clock().instant());
      }
    }
  }

  private void awaitWork() {
    try {
      wakeups.tryAcquire(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
      wakeups.drainPermits(); // one look at the table answers every wake-up so far
    } catch (InterruptedException e) {
      running = false;
    }
  }

  private void attempt(Claimed d) {
    try {
      Context attempt;
      try {
        attempt = context().withTimeout(name(d), attemptTimeout);
      } catch (ContextClosedException closing) {
        queue.release(d, webhooks.clock().instant());
        return;
      }
      Outcome outcome;
      try {
        outcome = sender.send(attempt, d);
      } finally {
        attempt.close();
      }
      DeliveryQueue.Recorded r = queue.finish(d, outcome, webhooks.clock().instant(), backoff);
      tell(new Attempt(d.id(), d.webhookId(), d.attempts(), DeliveryStatus.fromWireName(
          r.status()), Optional.ofNullable(outcome.responseCode()), r.detail()));
    } catch (RuntimeException e) {
      // The row keeps its lease and is tried again once the lease has run out.
      LOG.error("Recording the attempt of {} failed", d, e);
    } finally {
      slots.release();
      wake();
    }
  }

  private void tell(Attempt a) {
    try {
      afterAttempt.accept(a);
    } catch (RuntimeException e) {
      LOG.warn("The afterAttempt listener failed on {}", a, e);
    }
  }

  /**
   * One finished attempt, as recorded on its delivery.
   *
   * @param deliveryId the delivery
   * @param webhookId its webhook
   * @param attempt which attempt this was, from 1
   * @param status the delivery's status after it: {@code pending} when it will be retried (or
   *     was cancelled by the dispatcher stopping)
   * @param responseCode the receiver's HTTP status, if it answered
   * @param detail the response detail recorded
   */
  public record Attempt(long deliveryId, long webhookId, int attempt, DeliveryStatus status,
      Optional<Integer> responseCode, String detail) {}

  private static String name(Claimed d) {
    URI uri = URI.create(d.url());
    return "POST " + uri.getHost() + uri.getPath() + " (delivery " + d.id() + ", attempt "
        + d.attempts() + ")";
  }

  /** The destructor: runs after the attempts' contexts were cancelled and closed. */
  private void stop() throws InterruptedException {
    running = false;
    webhooks.removeWaker(waker);
    wake();
    loop.join(STOP_WAIT.toMillis());
    senders.shutdown();
    if (!senders.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      senders.shutdownNow();
      LOG.warn("Webhook deliveries still running {} after the dispatcher stopped", STOP_WAIT);
    }
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Fluent configuration; {@link #start(Context)} ends it. Not thread-safe. */
  public static final class Builder {
    private final Webhooks webhooks;
    private Duration pollEvery = Duration.ofSeconds(5);
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxInFlight = 4;
    private List<Duration> backoff = Backoff.DEFAULT.delays();
    private Consumer<Attempt> afterAttempt = attempt -> { };

    Builder(Webhooks webhooks) {
      this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    /** How often to look for due deliveries without being woken. Default: 5 seconds. */
    public Builder pollEvery(Duration interval) {
      this.pollEvery = positive("pollEvery", interval);
      return this;
    }

    /**
     * How long one attempt may take, connecting and the whole answer included, before it is
     * cut and retried. Default: 10 seconds.
     */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = positive("attemptTimeout", timeout);
      return this;
    }

    /** How long to wait for a connection; at most the attempt timeout applies. Default: 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How many deliveries may be in flight at once (and sending threads). Default: 4. */
    public Builder maxInFlight(int max) {
      if (max < 1 || max > 64) {
        throw new IllegalArgumentException("maxInFlight must be 1 to 64, was " + max);
      }
      this.maxInFlight = max;
      return this;
    }

    /**
     * The waits after the first, second, ... failed attempt; after the last, the delivery
     * fails. Default: 30 s, 2 min, 10 min, 1 h, 6 h (six attempts).
     */
    public Builder backoff(List<Duration> delays) {
      this.backoff = new Backoff(delays).delays();
      return this;
    }

    /**
     * Told after each attempt has been recorded, on the sending thread (keep it quick; what it
     * throws is logged). For metrics, and for tests that wait for an attempt. Default: nothing.
     */
    public Builder afterAttempt(Consumer<Attempt> listener) {
      this.afterAttempt = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Starts the dispatcher, owned by a new child context of {@code parent} named {@code
     * webhook-dispatcher}.
     *
     * @throws org.communal.context.ContextClosedException if the parent is closing or closed
     */
    public WebhookDispatcher start(Context parent) {
      WebhookDispatcher d = new WebhookDispatcher(this);
      d.start(Objects.requireNonNull(parent, "parent"));
      return d;
    }

    private static Duration positive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
