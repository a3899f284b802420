package org.communal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.communal.core.Event;
import org.communal.core.PageRequest;
import org.communal.testing.MutableClock;
import org.communal.testing.StallingServer;
import org.communal.testing.TestPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against real receivers on loopback and a real PostgreSQL: what a receiver gets,
 * retries on the backoff schedule (driven by a movable clock), timeouts, cancellation when the
 * dispatcher's context closes, two dispatchers on one database, and a user's commit never waiting
 * for a receiver. Every wait is bounded and tied to an event (a request arriving, an attempt
 * recorded), never to the passing of time.
 */
class WebhookDispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SECRET = "a secret of at least sixteen characters";

  private final MutableClock clock = new MutableClock();
  private final BlockingQueue<WebhookDispatcher.Attempt> attempts = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> receivers = new ArrayList<>();
  private DataSource dataSource;
  private Jdbi jdbi;
  private Webhooks webhooks;
  private Context root;

  @BeforeEach
  void setUp() {
    // Per-attempt timeouts are context deadlines, which run on the registry's clock.
    ContextRegistry.setClock(Clock.systemUTC());
    dataSource = TestPostgres.migratedDatabase().dataSource();
    jdbi = Jdbi.create(dataSource);
    webhooks = Webhooks.configure(dataSource).clock(clock).build();
    root = Context.root("webhook-dispatcher-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    root.close();
    for (AutoCloseable r : receivers) {
      r.close();
    }
  }

  private Receiver receiver(Integer... statuses) throws Exception {
    Receiver r = Receiver.answering(statuses);
    receivers.add(r);
    return r;
  }

  private WebhookDispatcher.Builder dispatcher(Webhooks over) {
    return over.dispatcher().pollEvery(Duration.ofMinutes(10)).afterAttempt(attempts::add);
  }

  private Webhook hook(String url) {
    return webhooks.create(new NewWebhook(url, List.of("review_request_published"),
        Optional.empty(), true, Optional.of(SECRET)), Optional.empty()).webhook();
  }

  private void publish(long reviewRequest) {
    jdbi.useTransaction(tx -> webhooks.record(tx, new Event(
        Event.Type.REVIEW_REQUEST_PUBLISHED, reviewRequest, Optional.empty(),
        Map.of("summary", "Fix the pager"))));
  }

  private WebhookDispatcher.Attempt nextAttempt() throws InterruptedException {
    WebhookDispatcher.Attempt a = attempts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (a == null) {
      throw new AssertionError("No attempt was recorded within " + WAIT);
    }
    return a;
  }

  private WebhookDelivery only(Webhook w) {
    List<WebhookDelivery> all = webhooks.deliveries(w.id(), new PageRequest(0, 10)).items();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void theReceiverGetsTheExactBodyTheHeadersAndASignatureItVerifiesWithTheSecret()
      throws Exception {
    Receiver receiver = receiver(204);
    Webhook w = hook(receiver.url());
    dispatcher(webhooks).start(root);

    publish(42);
    Receiver.Request got = receiver.next(WAIT);
    WebhookDispatcher.Attempt attempt = nextAttempt();

    long id = attempt.deliveryId();
    assertThat(got.bodyText()).isEqualTo("{\"event\":\"review_request_published\",\"delivery\":"
        + id + ",\"review_request_id\":42,\"payload\":{\"summary\":\"Fix the pager\"}}");
    assertThat(got.header("Content-Type")).isEqualTo("application/json");
    assertThat(got.header("X-Communal-Event")).isEqualTo("review_request_published");
    assertThat(got.header("X-Communal-Delivery")).isEqualTo(Long.toString(id));
    String signature = got.header("X-Communal-Signature");
    assertThat(signature).startsWith("sha256=");
    assertThat(MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
        ("sha256=" + hmacHex(SECRET, got.body())).getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(signature).isNotEqualTo("sha256=" + hmacHex("another secret", got.body()));
    WebhookDelivery d = only(w);
    assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.responseCode()).contains(204);
    assertThat(d.finishedAt()).contains(clock.instant());
    assertThat(d.nextAttemptAt()).isEmpty();
  }

  @Test
  void aReceiverFailingTwiceIsRetriedOnTheBackoffScheduleAndEndsDelivered() throws Exception {
    Receiver receiver = receiver(500, 503, 200);
    Webhook w = hook(receiver.url());
    WebhookDispatcher d = dispatcher(webhooks).start(root);
    Instant start = clock.instant();

    publish(1);
    assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(only(w).nextAttemptAt()).contains(start.plusSeconds(30));
    assertThat(only(w).responseCode()).contains(500);
    assertThat(only(w).responseDetail()).isEqualTo("HTTP 500: answer 500");

    clock.advance(Duration.ofSeconds(30));
    d.wake();
    assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(only(w).nextAttemptAt()).contains(start.plusSeconds(30).plus(Duration.ofMinutes(2)));

    clock.advance(Duration.ofMinutes(2));
    d.wake();
    WebhookDispatcher.Attempt third = nextAttempt();

    assertThat(third.attempt()).isEqualTo(3);
    assertThat(third.status()).isEqualTo(DeliveryStatus.DELIVERED);
    WebhookDelivery delivered = only(w);
    assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(3);
    assertThat(delivered.responseCode()).contains(200);
    assertThat(delivered.finishedAt()).contains(clock.instant());
    assertThat(receiver.next(WAIT).header("X-Communal-Delivery"))
        .isEqualTo(Long.toString(delivered.id()));
  }

  @Test
  void aDeliveryFailsOnceTheScheduleIsUsedUp() throws Exception {
    Receiver receiver = receiver(500, 500);
    Webhook w = hook(receiver.url());
    WebhookDispatcher d = dispatcher(webhooks).backoff(List.of(Duration.ofMinutes(1))).start(root);

    publish(1);
    nextAttempt();
    clock.advance(Duration.ofMinutes(1));
    d.wake();
    WebhookDispatcher.Attempt last = nextAttempt();

    assertThat(last.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(only(w).responseDetail()).isEqualTo("HTTP 500: answer 500; gave up after 2"
        + " attempts");
    assertThat(only(w).finishedAt()).contains(clock.instant());
  }

  @Test
  void goneFailsTheDeliveryAtOnceAndSaysSo() throws Exception {
    Receiver receiver = receiver(410);
    Webhook w = hook(receiver.url());
    dispatcher(webhooks).start(root);

    publish(1);
    WebhookDispatcher.Attempt attempt = nextAttempt();

    assertThat(attempt.status()).isEqualTo(DeliveryStatus.FAILED);
    WebhookDelivery d = only(w);
    assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.responseCode()).contains(410);
    assertThat(d.responseDetail()).startsWith("HTTP 410 Gone").contains("without retrying");
    assertThat(d.nextAttemptAt()).isEmpty();
  }

  @Test
  void aHangingReceiverIsCutAtThePerAttemptTimeoutAndRetried() throws Exception {
    Receiver receiver = receiver(Receiver.HANG, 200);
    Webhook w = hook(receiver.url());
    WebhookDispatcher d = dispatcher(webhooks).attemptTimeout(Duration.ofMillis(300)).start(root);

    publish(1);
    WebhookDispatcher.Attempt cut = nextAttempt();

    assertThat(cut.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(cut.responseCode()).isEmpty();
    assertThat(only(w).responseDetail()).contains("timeout");
    assertThat(only(w).nextAttemptAt()).contains(clock.instant().plusSeconds(30));

    clock.advance(Duration.ofSeconds(30));
    d.wake();
    WebhookDispatcher.Attempt retried = nextAttempt();

    assertThat(retried.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(only(w).attempts()).isEqualTo(2);
    assertThat(receiver.next(WAIT).body()).isEqualTo(receiver.next(WAIT).body());
  }

  @Test
  void closingTheDispatchersContextCancelsTheAttemptAndClosesItsConnectionWithinASecond()
      throws Exception {
    StallingServer silent = StallingServer.beforeAnswering("/hook");
    receivers.add(silent);
    Webhook w = hook(silent.url());
    WebhookDispatcher d = dispatcher(webhooks).attemptTimeout(Duration.ofMinutes(1)).start(root);
    publish(1);
    assertThat(silent.awaitRequest(WAIT.toSeconds())).isTrue();

    long closing = System.nanoTime();
    d.context().close();

    assertThat(silent.awaitClientClosed(1000)).isTrue();
    assertThat(silent.clientClosedAt() - closing).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(nextAttempt().detail()).startsWith("Cancelled");
    WebhookDelivery left = only(w);
    assertThat(left.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(left.nextAttemptAt()).contains(clock.instant());
    assertThat(root.children()).isEmpty();
  }

  @Test
  void aDeliveryLeftPendingByAStoppedDispatcherIsSentByTheNextOneToTheWebhooksNewUrl()
      throws Exception {
    StallingServer silent = StallingServer.beforeAnswering("/hook");
    receivers.add(silent);
    Webhook w = hook(silent.url());
    WebhookDispatcher first = dispatcher(webhooks).start(root);
    publish(1);
    assertThat(silent.awaitRequest(WAIT.toSeconds())).isTrue();
    first.close();
    nextAttempt();
    Receiver receiver = receiver(200);

    webhooks.update(w.id(), WebhookUpdate.none().url(receiver.url()));
    dispatcher(webhooks).start(root);

    assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(receiver.next(WAIT).header("X-Communal-Delivery"))
        .isEqualTo(Long.toString(only(w).id()));
    assertThat(only(w).attempts()).isEqualTo(2);
  }

  @Test
  void twoDispatchersOnOneDatabaseNeverDeliverOneDeliveryTwice() throws Exception {
    Receiver receiver = receiver();
    Webhook w = hook(receiver.url());
    Webhooks otherNode = Webhooks.configure(dataSource).clock(clock).build();
    WebhookDispatcher one = dispatcher(webhooks).start(root);
    WebhookDispatcher two = dispatcher(otherNode).start(root);
    int count = 40;

    jdbi.useTransaction(tx -> {
      for (int i = 0; i < count; i++) {
        webhooks.record(tx, new Event(Event.Type.REVIEW_REQUEST_PUBLISHED, i, Optional.empty(),
            Map.of("n", i)));
      }
    });
    two.wake();
    one.wake();
    for (int i = 0; i < count; i++) {
      assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    List<String> received = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      received.add(receiver.next(WAIT).header("X-Communal-Delivery"));
    }
    assertThat(received).doesNotHaveDuplicates().hasSize(count);
    assertThat(receiver.rest()).isEmpty();
    assertThat(webhooks.deliveries(w.id(), new PageRequest(0, 100)).items())
        .allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1))
        .allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED));
  }

  @Test
  void aCommitReturnsWhileTheReceiverIsStillBlocked() throws Exception {
    Receiver receiver = receiver(Receiver.HANG);
    Webhook w = hook(receiver.url());
    dispatcher(webhooks).maxInFlight(1).attemptTimeout(Duration.ofMinutes(1)).start(root);
    publish(1);
    receiver.next(WAIT); // the first delivery is now held by the receiver

    publish(2); // if this waited for the receiver, the test would never get past it

    List<WebhookDelivery> all = webhooks.deliveries(w.id(), new PageRequest(0, 10)).items();
    assertThat(all).hasSize(2).allSatisfy(d ->
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
    receiver.release();
    assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(nextAttempt().status()).isEqualTo(DeliveryStatus.DELIVERED);
  }
}
