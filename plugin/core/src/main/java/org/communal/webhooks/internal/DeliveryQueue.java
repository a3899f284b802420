package org.communal.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
   *
   * @return the delivery as recorded: its status and detail
   */
  public Recorded finish(Claimed d, Outcome outcome, Instant now, Backoff backoff) {
    Recorded r = switch (outcome.kind()) {
      case DELIVERED -> new Recorded("delivered", outcome.detail(), null, now);
      case FAILED -> new Recorded("failed", outcome.detail(), null, now);
      case CANCELLED -> new Recorded("pending", outcome.detail(), now, null);
      case RETRY -> backoff.after(d.attempts())
          .map(wait -> new Recorded("pending", outcome.detail(), now.plus(wait), null))
          .orElseGet(() -> new Recorded("failed", outcome.detail() + "; gave up after "
              + d.attempts() + " attempts", null, now));
    };
    Jdbis.call(jdbi, h -> h.createUpdate("UPDATE webhook_deliveries SET status = :status,"
            + " response_code = :code, response_detail = :detail, next_attempt_at = :next,"
            + " finished_at = :finished WHERE id = :id AND attempts = :attempts"
            + " AND status = 'pending'")
        .bind("status", r.status()).bind("code", outcome.responseCode())
        .bind("detail", r.detail()).bind("next", Jdbis.utc(r.nextAttemptAt()))
        .bind("finished", Jdbis.utc(r.finishedAt()))
        .bind("id", d.id()).bind("attempts", d.attempts()).execute());
    return r;
  }

  /**
   * What {@link #finish} wrote.
   *
   * @param status the delivery's status
   * @param detail the response detail, shortened
   * @param nextAttemptAt when it is due again, or null
   * @param finishedAt when it was delivered or given up, or null
   */
  public record Recorded(String status, String detail, Instant nextAttemptAt,
      Instant finishedAt) {
    public Recorded {
      detail = Outcome.shorten(detail);
    }
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
