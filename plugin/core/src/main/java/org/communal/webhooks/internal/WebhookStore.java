package org.communal.webhooks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.core.Event;
import org.communal.core.Page;
import org.communal.core.PageRequest;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.NamedSql;
import org.communal.webhooks.DeliveryStatus;
import org.communal.webhooks.Webhook;
import org.communal.webhooks.WebhookDelivery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The SQL of webhooks and their deliveries, on handles the caller opens (and so in the caller's
 * transaction). Not API.
 */
public final class WebhookStore {
  private static final String COLUMNS = "id, url, events, repository_id, is_enabled, created_by,"
      + " created_at";
  private static final String DELIVERY_COLUMNS = "id, webhook_id, event, payload::text AS"
      + " payload, status, attempts, response_code, response_detail, next_attempt_at,"
      + " created_at, finished_at";

  private WebhookStore() {}

  /** Adds a webhook. */
  public static Webhook insert(Handle h, Webhook w, String secret) {
    return h.createQuery("INSERT INTO webhooks (url, secret, events, repository_id, is_enabled,"
            + " created_by, created_at) VALUES (:url, :secret, :events, :repo, :enabled, :by,"
            + " :at) RETURNING " + COLUMNS)
        .bind("url", w.url()).bind("secret", secret)
        .bind("events", WebhookRules.wireNames(w.events()))
        .bind("repo", w.repositoryId().orElse(null)).bind("enabled", w.enabled())
        .bind("by", w.createdBy().orElse(null)).bind("at", Jdbis.utc(w.createdAt()))
        .map(WebhookStore::webhookRow).one();
  }

  /** The webhook with this id, locked for update when {@code lock}. */
  public static Optional<Webhook> find(Handle h, long id, boolean lock) {
    return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id"
            + (lock ? " FOR UPDATE" : ""))
        .bind("id", id).map(WebhookStore::webhookRow).findOne();
  }

  /** A page of webhooks, oldest first. */
  public static Page<Webhook> list(Handle h, PageRequest page) {
    return new Page<>(h.createQuery("SELECT " + COLUMNS + " FROM webhooks ORDER BY id"
            + " OFFSET :start LIMIT :max")
        .bind("start", page.start()).bind("max", page.maxResults())
        .map(WebhookStore::webhookRow).list(),
        h.createQuery("SELECT count(*) FROM webhooks").mapTo(Long.class).one(), page);
  }

  /** Stores a webhook's changeable fields. */
  public static Webhook update(Handle h, Webhook w) {
    return h.createQuery("UPDATE webhooks SET url = :url, events = :events, repository_id ="
            + " :repo, is_enabled = :enabled WHERE id = :id RETURNING " + COLUMNS)
        .bind("url", w.url()).bind("events", WebhookRules.wireNames(w.events()))
        .bind("repo", w.repositoryId().orElse(null)).bind("enabled", w.enabled())
        .bind("id", w.id()).map(WebhookStore::webhookRow).one();
  }

  /** Deletes a webhook and (by cascade) its deliveries; false if there was none. */
  public static boolean delete(Handle h, long id) {
    return h.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id).execute() > 0;
  }

  /**
   * One pending delivery of event {@code :event} with {@code :payload} (JSON text) for every
   * enabled webhook that wants it and {@code :repo}, at {@code :now}.
   */
  public static final String RECORD_EVENT = "INSERT INTO webhook_deliveries (webhook_id, event,"
      + " payload, next_attempt_at, created_at) SELECT id, :event, CAST(:payload AS jsonb), :now,"
      + " :now FROM webhooks WHERE is_enabled AND :event = ANY (events)"
      + " AND (repository_id IS NULL OR repository_id = CAST(:repo AS bigint))";

  /**
   * Adds one pending delivery of an event for every enabled webhook that wants it.
   *
   * @return how many were added
   */
  public static int recordEvent(Handle tx, Event e, String stored, Instant now) {
    // Once per change that webhooks report: plain JDBC (see NamedSql), bound as Jdbi would.
    return NamedSql.cached(RECORD_EVENT).update(tx, Map.of("event", e.type().wireName(),
        "payload", stored, "repo", NamedSql.orNull(e.repositoryId(), java.sql.Types.BIGINT),
        "now", java.sql.Timestamp.from(now)));
  }

  /** Adds one pending delivery to one webhook. */
  public static WebhookDelivery enqueue(Handle h, long webhookId, String event, String stored,
      Instant now) {
    return h.createQuery("INSERT INTO webhook_deliveries (webhook_id, event, payload,"
            + " next_attempt_at, created_at) VALUES (:w, :event, CAST(:payload AS jsonb), :now,"
            + " :now) RETURNING " + DELIVERY_COLUMNS)
        .bind("w", webhookId).bind("event", event).bind("payload", stored)
        .bind("now", Jdbis.utc(now)).map(WebhookStore::deliveryRow).one();
  }

  /** Adds a pending copy of a webhook's delivery (same event, same stored JSON). */
  public static Optional<WebhookDelivery> copy(Handle h, long webhookId, long id, Instant now) {
    return h.createQuery("INSERT INTO webhook_deliveries (webhook_id, event, payload,"
            + " next_attempt_at, created_at) SELECT webhook_id, event, payload, :now, :now"
            + " FROM webhook_deliveries WHERE id = :id AND webhook_id = :w RETURNING "
            + DELIVERY_COLUMNS)
        .bind("w", webhookId).bind("id", id).bind("now", Jdbis.utc(now))
        .map(WebhookStore::deliveryRow).findOne();
  }

  /** A page of a webhook's deliveries, newest first. */
  public static Page<WebhookDelivery> deliveries(Handle h, long webhookId, PageRequest page) {
    return new Page<>(h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
            + " WHERE webhook_id = :w ORDER BY id DESC OFFSET :start LIMIT :max")
        .bind("w", webhookId).bind("start", page.start()).bind("max", page.maxResults())
        .map(WebhookStore::deliveryRow).list(),
        h.createQuery("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = :w")
            .bind("w", webhookId).mapTo(Long.class).one(), page);
  }

  /** One delivery of a webhook. */
  public static Optional<WebhookDelivery> delivery(Handle h, long webhookId, long id) {
    return h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
            + " WHERE id = :id AND webhook_id = :w")
        .bind("id", id).bind("w", webhookId).map(WebhookStore::deliveryRow).findOne();
  }

  private static Webhook webhookRow(ResultSet rs, StatementContext ctx) throws SQLException {
    Set<Event.Type> events = EnumSet.noneOf(Event.Type.class);
    // A name this version does not know (stored by a newer one) is kept out, not fatal.
    Jdbis.strings(rs.getArray("events"))
        .forEach(n -> WebhookRules.type(n).ifPresent(events::add));
    return new Webhook(rs.getLong("id"), rs.getString("url"), events,
        optionalLong(rs, "repository_id"), rs.getBoolean("is_enabled"),
        optionalLong(rs, "created_by"), Jdbis.instant(rs, "created_at"));
  }

  private static WebhookDelivery deliveryRow(ResultSet rs, StatementContext ctx)
      throws SQLException {
    String stored = rs.getString("payload");
    int code = rs.getInt("response_code");
    Optional<Integer> responseCode = rs.wasNull() ? Optional.empty() : Optional.of(code);
    return new WebhookDelivery(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("event"),
        Envelope.reviewRequestId(stored), Envelope.payload(stored),
        DeliveryStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"),
        responseCode, rs.getString("response_detail"),
        Optional.ofNullable(Jdbis.instant(rs, "next_attempt_at")),
        Jdbis.instant(rs, "created_at"),
        Optional.ofNullable(Jdbis.instant(rs, "finished_at")));
  }

  private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  /** Whether a statement failed on a foreign key (an unknown repository). */
  public static boolean isForeignKeyViolation(Exception e) {
    return e.getCause() instanceof SQLException sql && "23503".equals(sql.getSQLState());
  }
}
