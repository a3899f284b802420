package org.communal.webhooks;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event on its way to one webhook, with how its last attempt went.
 *
 * @param id the database id, sent as {@code X-Communal-Delivery}
 * @param webhookId the webhook it goes to
 * @param event the event's wire name, or {@code ping}
 * @param reviewRequestId the review request the event is about; empty for a ping
 * @param payload the event's payload (unmodifiable maps and lists, values may be null)
 * @param status where it stands
 * @param attempts how many attempts were started
 * @param responseCode the receiver's HTTP status at the last attempt, if it answered
 * @param responseDetail a short account of the last attempt; empty before the first
 * @param nextAttemptAt when it is (or was) due, while pending
 * @param createdAt when the event was recorded
 * @param finishedAt when it was delivered or given up
 */
public record WebhookDelivery(long id, long webhookId, String event,
    Optional<Long> reviewRequestId, Map<String, Object> payload, DeliveryStatus status,
    int attempts, Optional<Integer> responseCode, String responseDetail,
    Optional<Instant> nextAttemptAt, Instant createdAt, Optional<Instant> finishedAt) {
  public WebhookDelivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reviewRequestId, "reviewRequestId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(responseCode, "responseCode");
    Objects.requireNonNull(responseDetail, "responseDetail");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
