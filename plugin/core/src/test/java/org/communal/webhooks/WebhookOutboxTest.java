package org.communal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.Event;
import org.communal.core.FieldProblem;
import org.communal.core.InvalidInputException;
import org.communal.core.NotFoundException;
import org.communal.core.PageRequest;
import org.communal.testing.MutableClock;
import org.communal.testing.TestPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox: {@code record} adds deliveries in the caller's transaction, exactly for the enabled
 * webhooks that want the event; and the admin side of webhooks over a real PostgreSQL.
 */
class WebhookOutboxTest {
  private static final String URL = "https://ci.example.org/hook";

  private final MutableClock clock = new MutableClock();
  private Jdbi jdbi;
  private Webhooks webhooks;
  private long app;
  private long lib;

  @BeforeEach
  void setUp() {
    var db = TestPostgres.migratedDatabase();
    jdbi = Jdbi.create(db.dataSource());
    webhooks = Webhooks.configure(db.dataSource()).clock(clock).build();
    CommunalCore core = CommunalCore.wrap(db.dataSource());
    app = core.repositories().create("app", "https://git.example.org/app.git", "main").id();
    lib = core.repositories().create("lib", "https://git.example.org/lib.git", "main").id();
  }

  private Webhook hook(List<String> events, Optional<Long> repository, boolean enabled) {
    return webhooks.create(new NewWebhook(URL, events, repository, enabled, Optional.empty()),
        Optional.empty()).webhook();
  }

  private static Event event(Event.Type type, Optional<Long> repository) {
    return new Event(type, 7, repository, Map.of("summary", "Fix the pager"));
  }

  private long deliveries(Webhook w) {
    return webhooks.deliveries(w.id(), new PageRequest(0, 10)).total();
  }

  @Test
  void anEventRecordedInATransactionThatRollsBackLeavesNoDelivery() {
    Webhook w = hook(List.of("review_request_published"), Optional.empty(), true);

    assertThatThrownBy(() -> jdbi.useTransaction(tx -> {
      webhooks.record(tx, event(Event.Type.REVIEW_REQUEST_PUBLISHED, Optional.empty()));
      throw new IllegalStateException("the change failed");
    })).hasMessage("the change failed");

    assertThat(deliveries(w)).isZero();
  }

  @Test
  void anEventRecordedInATransactionThatCommitsLeavesOnePendingDeliveryPerMatchingWebhook() {
    Webhook first = hook(List.of("review_request_published"), Optional.empty(), true);
    Webhook second = hook(List.of("review_published", "review_request_published"),
        Optional.empty(), true);

    jdbi.useTransaction(tx -> webhooks.record(tx,
        event(Event.Type.REVIEW_REQUEST_PUBLISHED, Optional.of(app))));

    WebhookDelivery d = webhooks.deliveries(first.id(), new PageRequest(0, 10)).items().get(0);
    assertThat(deliveries(first)).isEqualTo(1);
    assertThat(deliveries(second)).isEqualTo(1);
    assertThat(d.event()).isEqualTo("review_request_published");
    assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(d.attempts()).isZero();
    assertThat(d.reviewRequestId()).contains(7L);
    assertThat(d.payload()).isEqualTo(Map.of("summary", "Fix the pager"));
    assertThat(d.nextAttemptAt()).contains(clock.instant());
    assertThat(d.createdAt()).isEqualTo(clock.instant());
  }

  @Test
  void onlyWebhooksThatWantTheEventTypeGetADelivery() {
    Webhook reviews = hook(List.of("review_published"), Optional.empty(), true);
    Webhook closes = hook(List.of("review_request_closed"), Optional.empty(), true);

    jdbi.useTransaction(tx -> webhooks.record(tx,
        event(Event.Type.REVIEW_PUBLISHED, Optional.empty())));

    assertThat(deliveries(reviews)).isEqualTo(1);
    assertThat(deliveries(closes)).isZero();
  }

  @Test
  void aRepositoryFilterKeepsEventsOfOtherRepositoriesAndOfNoRepositoryOut() {
    Webhook onApp = hook(List.of("review_published"), Optional.of(app), true);
    Webhook everywhere = hook(List.of("review_published"), Optional.empty(), true);

    jdbi.useTransaction(tx -> {
      webhooks.record(tx, event(Event.Type.REVIEW_PUBLISHED, Optional.of(app)));
      webhooks.record(tx, event(Event.Type.REVIEW_PUBLISHED, Optional.of(lib)));
      webhooks.record(tx, event(Event.Type.REVIEW_PUBLISHED, Optional.empty()));
    });

    assertThat(deliveries(onApp)).isEqualTo(1);
    assertThat(deliveries(everywhere)).isEqualTo(3);
  }

  @Test
  void aDisabledWebhookGetsNoDelivery() {
    Webhook off = hook(List.of("review_published"), Optional.empty(), false);
    Webhook disabledLater = hook(List.of("review_published"), Optional.empty(), true);
    webhooks.update(disabledLater.id(), WebhookUpdate.none().enabled(false));

    jdbi.useTransaction(tx -> webhooks.record(tx,
        event(Event.Type.REVIEW_PUBLISHED, Optional.empty())));

    assertThat(deliveries(off)).isZero();
    assertThat(deliveries(disabledLater)).isZero();
  }

  @Test
  void aGeneratedSecretHas256BitsAndIsReturnedOnlyOnCreation() {
    Webhooks.Created created = webhooks.create(NewWebhook.of(URL, List.of("review_published")),
        Optional.empty());

    assertThat(created.secret()).startsWith(Webhooks.SECRET_PREFIX)
        .hasSize(Webhooks.SECRET_PREFIX.length() + 43); // 32 bytes in unpadded base64url
    assertThat(created.toString()).doesNotContain(created.secret());
    assertThat(webhooks.get(created.webhook().id())).isEqualTo(created.webhook());
    assertThat(webhooks.get(created.webhook().id()).toString()).doesNotContain(created.secret());
  }

  @Test
  void everyInvalidFieldIsReportedAtOnce() {
    NewWebhook bad = new NewWebhook("ftp://ci.example.org/hook",
        List.of("review_published", "reveiw_published", "pushed"), Optional.empty(), true,
        Optional.of("short"));

    assertThatThrownBy(() -> webhooks.create(bad, Optional.empty()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field)
            .containsExactly("url", "events", "events", "secret"))
        .hasMessageContaining("reveiw_published").hasMessageContaining("pushed")
        .hasMessageContaining("ftp://ci.example.org/hook");
  }

  @Test
  void anUnknownRepositoryIsAFieldProblem() {
    assertThatThrownBy(() -> hook(List.of("review_published"), Optional.of(987654L), true))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field).containsExactly("repository"))
        .hasMessageContaining("987654");
  }

  @Test
  void anUpdateChangesOnlyTheFieldsItNames() {
    Webhook w = hook(List.of("review_published"), Optional.of(app), true);

    Webhook changed = webhooks.update(w.id(), WebhookUpdate.none()
        .events(List.of("reply_published", "review_published")).repositoryId(Optional.empty()));

    assertThat(changed.url()).isEqualTo(URL);
    assertThat(changed.enabled()).isTrue();
    assertThat(changed.repositoryId()).isEmpty();
    assertThat(changed.events()).containsExactlyInAnyOrder(Event.Type.REVIEW_PUBLISHED,
        Event.Type.REPLY_PUBLISHED);
    assertThat(webhooks.get(w.id())).isEqualTo(changed);
  }

  @Test
  void deletingAWebhookDeletesItsDeliveries() {
    Webhook w = hook(List.of("review_published"), Optional.empty(), true);
    jdbi.useTransaction(tx -> webhooks.record(tx,
        event(Event.Type.REVIEW_PUBLISHED, Optional.empty())));

    webhooks.delete(w.id());

    assertThatThrownBy(() -> webhooks.get(w.id())).isInstanceOf(NotFoundException.class);
    long left = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM webhook_deliveries")
        .mapTo(Long.class).one());
    assertThat(left).isZero();
  }

  @Test
  void aRedeliveryIsANewPendingDeliveryOfTheSameEvent() {
    Webhook w = hook(List.of("review_published"), Optional.empty(), true);
    jdbi.useTransaction(tx -> webhooks.record(tx,
        event(Event.Type.REVIEW_PUBLISHED, Optional.empty())));
    WebhookDelivery first = webhooks.deliveries(w.id(), new PageRequest(0, 1)).items().get(0);

    WebhookDelivery again = webhooks.redeliver(w.id(), first.id());

    assertThat(again.id()).isGreaterThan(first.id());
    assertThat(again.event()).isEqualTo(first.event());
    assertThat(again.payload()).isEqualTo(first.payload());
    assertThat(again.reviewRequestId()).isEqualTo(first.reviewRequestId());
    assertThat(webhooks.deliveries(w.id(), new PageRequest(0, 10)).items())
        .extracting(WebhookDelivery::id).containsExactly(again.id(), first.id());
  }

  @Test
  void aPingIsRecordedWhateverEventsTheWebhookWantsAndHasNoReviewRequest() {
    Webhook w = hook(List.of("review_published"), Optional.empty(), true);

    WebhookDelivery ping = webhooks.ping(w.id());

    assertThat(ping.event()).isEqualTo("ping");
    assertThat(ping.reviewRequestId()).isEmpty();
    assertThat(ping.payload()).containsEntry("webhook_id", (int) w.id())
        .containsEntry("events", List.of("review_published"));
  }
}
