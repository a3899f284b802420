package org.communal.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Jdbi;

/**
 * The dispatcher's side of {@code webhook_deliveries}: claiming due deliveries and recording how
 * their attempts went. Thread-safe. Not API.
 *
 * <p>A claim is one short statement that locks due rows with {@code FOR UPDATE SKIP LOCKED},
 * counts the attempt and moves {@code next_attempt_at} past the attempt's end (a lease), then
 * commits: no transaction stays open during the HTTP call, and no other dispatcher, on this node
 * or another, sees the row as due until the lease runs out (which only happens when the node
 * claiming it died). The attempt count is the claim's fencing token: a result is recorded only if
 * the row still carries it.
 */
public final class DeliveryQueue {
  private final Jdbi jdbi;

  public DeliveryQueue(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Claims up to {@code max} due deliveries of enabled webhooks, oldest due first. */
  public List<Claimed> claim(Instant now, Duration lease, int max) {
    return Jdbis.call(jdbi, h -> h.createQuery("WITH due AS (SELECT d.id FROM webhook_deliveries"
            + " d JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending'"
            + " AND d.next_attempt_at <= :now AND w.is_enabled ORDER BY d.next_attempt_at, d.id"
            + " LIMIT :max FOR UPDATE OF d SKIP LOCKED)"
            + " UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at ="
            + " :lease FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id"
            + " RETURNING d.id, d.webhook_id, w.url, w.secret, d.event, d.payload::text AS"
            + " payload, d.attempts")
        .bind("now", Jdbis.utc(now)).bind("lease", Jdbis.utc(now.plus(lease)))
        .bind("max", max)
        .map((rs, ctx) -> new Claimed(rs.getLong("id"), rs.getLong("webhook_id"),
            rs.getString("url"), rs.getString("secret"), rs.getString("event"),
            rs.getString("payload"), rs.getInt("attempts")))
        .list());
  }

  /**
   * Records how an attempt went: delivered, failed, or pending until the backoff's next time
   * (failed when the schedule is used up).
   */
  public void finish(Claimed d, Outcome outcome, Instant now, Backoff backoff) {
    switch (outcome.kind()) {
      case DELIVERED -> record(d, "delivered", outcome, outcome.detail(), null, now);
      case FAILED -> record(d, "failed", outcome, outcome.detail(), null, now);
      case CANCELLED -> record(d, "pending", outcome, outcome.detail(), now, null);
      case RETRY -> retry(d, outcome, now, backoff);
      default -> throw new IllegalStateException("Unknown outcome " + outcome.kind());
    }
  }

  private void retry(Claimed d, Outcome outcome, Instant now, Backoff backoff) {
    Optional<Duration> wait = backoff.after(d.attempts());
    if (wait.isPresent()) {
      record(d, "pending", outcome, outcome.detail(), now.plus(wait.get()), null);
    } else {
      record(d, "failed", outcome, outcome.detail() + "; gave up after " + d.attempts()
          + " attempts", null, now);
    }
  }

  private void record(Claimed d, String status, Outcome outcome, String detail,
      Instant next, Instant finished) {
    Jdbis.call(jdbi, h -> h.createUpdate("UPDATE webhook_deliveries SET status = :status,"
            + " response_code = :code, response_detail = :detail, next_attempt_at = :next,"
            + " finished_at = :finished WHERE id = :id AND attempts = :attempts"
            + " AND status = 'pending'")
        .bind("status", status).bind("code", outcome.responseCode())
        .bind("detail", Outcome.shorten(detail))
        .bind("next", Jdbis.utc(next)).bind("finished", Jdbis.utc(finished))
        .bind("id", d.id()).bind("attempts", d.attempts()).execute());
  }

  /** Gives back a claim whose attempt never started: it is due again at once, uncounted. */
  public void release(Claimed d, Instant now) {
    Jdbis.call(jdbi, h -> h.createUpdate("UPDATE webhook_deliveries SET attempts = attempts - 1,"
            + " next_attempt_at = :now WHERE id = :id AND attempts = :attempts"
            + " AND status = 'pending'")
        .bind("now", Jdbis.utc(now)).bind("id", d.id()).bind("attempts", d.attempts())
        .execute());
  }
}
