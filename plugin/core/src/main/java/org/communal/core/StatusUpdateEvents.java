package org.communal.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.internal.StatusUpdateRows;
import org.jdbi.v3.core.Handle;

/** Turns status update changes into {@code status_update_changed} events. Not API. */
final class StatusUpdateEvents {
  /** What happened to the status update, as the payload's {@code action}. */
  enum Action {
    CREATED, UPDATED, TIMED_OUT, RETRY_REQUESTED;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Events events;

  StatusUpdateEvents(Events events) {
    this.events = events;
  }

  /**
   * Records the change in the transaction that made it, if every reader may see the status
   * update: a change on a draft would otherwise tell webhook listeners that the draft exists.
   */
  void changed(Handle tx, StatusUpdateRows.Row row, Action action) {
    if (row.announced()) {
      events.record(tx, new Event(Event.Type.STATUS_UPDATE_CHANGED,
          row.update().reviewRequestId(), row.repositoryId(), payload(row.update(), action)));
    }
  }

  /** What readers of the review request see of it (no e-mail address), JSON-ready. */
  static Map<String, Object> payload(StatusUpdate s, Action action) {
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("id", s.id());
    update.put("review_request_id", s.reviewRequestId());
    update.put("revision", s.revision().orElse(null));
    update.put("service_id", s.serviceId());
    update.put("summary", s.summary());
    update.put("description", s.description());
    update.put("state", s.state().wireName());
    update.put("url", s.url().orElse(null));
    update.put("timeout_seconds", s.timeoutSeconds().orElse(null));
    update.put("reporter", s.reporter().map(User::username).orElse(null));
    update.put("retry_count", s.retryCount());
    update.put("retry_requested_at", s.retryRequestedAt().map(Object::toString).orElse(null));
    update.put("updated_at", s.updatedAt().toString());
    return Map.of("action", action.wireName(), "status_update",
        Collections.unmodifiableMap(update));
  }
}
