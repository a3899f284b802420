package org.communal.webhooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.sql.DataSource;
import org.communal.core.Event;
import org.communal.core.Events;
import org.communal.core.FieldProblem;
import org.communal.core.InvalidInputException;
import org.communal.core.InvalidStateException;
import org.communal.core.NotFoundException;
import org.communal.core.Page;
import org.communal.core.PageRequest;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.Secrets;
import org.communal.webhooks.internal.Envelope;
import org.communal.webhooks.internal.WebhookRules;
import org.communal.webhooks.internal.WebhookStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhooks: admins say where to send which events; {@link #record} keeps each event as one
 * pending delivery per webhook that wants it, in the transaction that made the change (an
 * outbox); a {@link WebhookDispatcher} sends them after the commit, on its own threads.
 *
 * <p>Start with {@link #configure(DataSource)}. Thread-safe and immutable once built; one
 * instance serves the process. It borrows the data source (whoever opened the pool closes it)
 * and owns no thread: dispatchers do, and their context owns them.
 */
public final class Webhooks implements Events {
  /** The event name of a ping, which is not an {@link Event.Type} and cannot be subscribed to. */
  public static final String PING = "ping";
  /** Every generated secret starts with this, so that secret scanners recognise it. */
  public static final String SECRET_PREFIX = "whsec_";

  private final Jdbi jdbi;
  private final Clock clock;
  private final Set<Runnable> wakers = new CopyOnWriteArraySet<>();

  private Webhooks(Builder b) {
    this.jdbi = Jdbis.create(b.dataSource);
    this.clock = b.clock;
  }

  /**
   * Starts configuring webhooks over a migrated database.
   *
   * @param dataSource the pool; borrowed, never closed here
   */
  public static Builder configure(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * A webhook just created.
   *
   * @param secret the signing secret: show it once, it is never returned again
   * @param webhook the webhook
   */
  public record Created(String secret, Webhook webhook) {
    @Override
    public String toString() {
      return "Created[" + webhook + "]";
    }
  }

  /**
   * Adds a webhook.
   *
   * @param createdBy the id of the admin adding it, if known
   * @throws InvalidInputException listing every invalid field: the URL, each unknown event, the
   *     secret, an unknown repository
   */
  public Created create(NewWebhook spec, Optional<Long> createdBy) {
    List<FieldProblem> problems = new ArrayList<>();
    WebhookRules.checkUrl(spec.url(), problems);
    Set<Event.Type> events = WebhookRules.events(spec.events(), problems);
    spec.secret().ifPresent(s -> WebhookRules.checkSecret(s, problems));
    throwIfAny(problems);
    String secret = spec.secret().orElseGet(() -> SECRET_PREFIX + Secrets.random(32));
    Webhook draft = new Webhook(0, spec.url().strip(), events, spec.repositoryId(),
        spec.enabled(), createdBy, clock.instant());
    return new Created(secret, withRepositoryChecked(draft.repositoryId(),
        () -> Jdbis.call(jdbi, h -> WebhookStore.insert(h, draft, secret))));
  }

  /**
   * The webhook with this id.
   *
   * @throws NotFoundException if there is none
   */
  public Webhook get(long id) {
    return Jdbis.call(jdbi, h -> WebhookStore.find(h, id, false))
        .orElseThrow(() -> notFound(id));
  }

  /** A page of the webhooks, oldest first. */
  public Page<Webhook> list(PageRequest page) {
    return Jdbis.call(jdbi, h -> WebhookStore.list(h, page));
  }

  /**
   * Changes a webhook. Deliveries already recorded keep their event; a new URL applies to
   * those still pending.
   *
   * @throws NotFoundException if there is none
   * @throws InvalidInputException listing every invalid field
   */
  public Webhook update(long id, WebhookUpdate update) {
    List<FieldProblem> problems = new ArrayList<>();
    update.url().ifPresent(u -> WebhookRules.checkUrl(u, problems));
    Optional<Set<Event.Type>> events = update.events()
        .map(names -> WebhookRules.events(names, problems));
    throwIfAny(problems);
    Webhook changed = withRepositoryChecked(update.repositoryId().flatMap(r -> r),
        () -> Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
          Webhook w = WebhookStore.find(tx, id, true).orElseThrow(() -> notFound(id));
          return WebhookStore.update(tx, new Webhook(id, update.url().map(String::strip)
              .orElse(w.url()), events.orElse(w.events()),
              update.repositoryId().orElse(w.repositoryId()),
              update.enabled().orElse(w.enabled()), w.createdBy(), w.createdAt()));
        })));
    wakeDispatchers(); // an enabled webhook may have deliveries waiting
    return changed;
  }

  /**
   * Deletes a webhook and its delivery log.
   *
   * @throws NotFoundException if there is none
   */
  public void delete(long id) {
    if (!Jdbis.call(jdbi, h -> WebhookStore.delete(h, id))) {
      throw notFound(id);
    }
  }

  /**
   * A page of a webhook's deliveries, newest first.
   *
   * @throws NotFoundException if there is no such webhook
   */
  public Page<WebhookDelivery> deliveries(long webhookId, PageRequest page) {
    return Jdbis.call(jdbi, h -> {
      WebhookStore.find(h, webhookId, false).orElseThrow(() -> notFound(webhookId));
      return WebhookStore.deliveries(h, webhookId, page);
    });
  }

  /**
   * One delivery of a webhook.
   *
   * @throws NotFoundException if the webhook has no such delivery
   */
  public WebhookDelivery delivery(long webhookId, long deliveryId) {
    return Jdbis.call(jdbi, h -> WebhookStore.delivery(h, webhookId, deliveryId))
        .orElseThrow(() -> deliveryNotFound(webhookId, deliveryId));
  }

  /**
   * Sends a delivery's event again, as a new pending delivery (the old one stays in the log as
   * it was).
   *
   * @throws NotFoundException if the webhook has no such delivery
   * @throws InvalidStateException if the webhook is disabled
   */
  public WebhookDelivery redeliver(long webhookId, long deliveryId) {
    WebhookDelivery copy = Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      requireEnabled(tx, webhookId, "redeliver");
      return WebhookStore.copy(tx, webhookId, deliveryId, clock.instant())
          .orElseThrow(() -> deliveryNotFound(webhookId, deliveryId));
    }));
    wakeDispatchers();
    return copy;
  }

  /**
   * Records a {@code ping} delivery to a webhook, whatever events it wants, so that an admin can
   * check the receiver and its secret. Its payload names the webhook and its events; it has no
   * review request.
   *
   * @throws NotFoundException if there is no such webhook
   * @throws InvalidStateException if the webhook is disabled
   */
  public WebhookDelivery ping(long webhookId) {
    WebhookDelivery ping = Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      Webhook w = requireEnabled(tx, webhookId, "ping");
      return WebhookStore.enqueue(tx, webhookId, PING, Envelope.stored(Optional.empty(),
          Map.of("webhook_id", w.id(), "events", List.of(WebhookRules.wireNames(w.events())))),
          clock.instant());
    }));
    wakeDispatchers();
    return ping;
  }

  /**
   * Records one pending delivery of the event for every enabled webhook that wants its type and
   * whose repository filter (if any) is the event's repository: one INSERT in the caller's
   * transaction, so the deliveries exist exactly when the change commits. Nothing is sent here,
   * and nothing here waits for a receiver; running dispatchers are woken after the commit.
   *
   * @param tx the open transaction of the change
   * @throws IllegalArgumentException if the payload holds something that is not JSON-ready
   */
  @Override
  public void record(Handle tx, Event event) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(event, "event");
    String stored = Envelope.stored(Optional.of(event.reviewRequestId()), event.payload());
    if (WebhookStore.recordEvent(tx, event, stored, clock.instant()) > 0) {
      if (tx.isInTransaction()) {
        tx.afterCommit(this::wakeDispatchers);
      } else {
        wakeDispatchers(); // autocommit: the row is committed already
      }
    }
  }

  /** A dispatcher for these webhooks, to configure and start. */
  public WebhookDispatcher.Builder dispatcher() {
    return new WebhookDispatcher.Builder(this);
  }

  Jdbi jdbi() {
    return jdbi;
  }

  Clock clock() {
    return clock;
  }

  void addWaker(Runnable waker) {
    wakers.add(waker);
  }

  void removeWaker(Runnable waker) {
    wakers.remove(waker);
  }

  private void wakeDispatchers() {
    wakers.forEach(Runnable::run);
  }

  private Webhook requireEnabled(Handle tx, long id, String what) {
    Webhook w = WebhookStore.find(tx, id, false).orElseThrow(() -> notFound(id));
    if (!w.enabled()) {
      throw new InvalidStateException("Webhook " + id + " is disabled, so nothing is sent to it;"
          + " enable it (PATCH with \"enabled\": true) before you " + what + ".");
    }
    return w;
  }

  /** Runs a statement, turning an unknown repository (a foreign key failure) into a field error. */
  private static Webhook withRepositoryChecked(Optional<Long> repositoryId,
      java.util.function.Supplier<Webhook> statement) {
    try {
      return statement.get();
    } catch (RuntimeException e) {
      if (WebhookStore.isForeignKeyViolation(e)) {
        throw InvalidInputException.of("repository", "no repository has id "
            + repositoryId.map(String::valueOf).orElse("?") + "; GET /api/repositories/ lists"
            + " them");
      }
      throw e;
    }
  }

  private static void throwIfAny(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("No webhook has id " + id + "; GET /api/webhooks/ lists them.");
  }

  private static NotFoundException deliveryNotFound(long webhookId, long deliveryId) {
    return new NotFoundException("Webhook " + webhookId + " has no delivery with id "
        + deliveryId + ".");
  }

  /** Fluent configuration; {@link #build()} ends it. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The time source for when deliveries are due and finished; tests pass a movable one.
     * Dispatchers of these webhooks use it too. Default: the system clock, in UTC.
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    public Webhooks build() {
      return new Webhooks(this);
    }
  }
}
