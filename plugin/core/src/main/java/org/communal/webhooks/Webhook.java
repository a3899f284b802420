package org.communal.webhooks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.communal.core.Event;

/**
 * Where to send which events. The signing secret is not part of it: it is shown once, when the
 * webhook is created ({@link Webhooks.Created}).
 *
 * @param id the database id
 * @param url the {@code http} or {@code https} URL deliveries are POSTed to
 * @param events the events it wants, at least one
 * @param repositoryId only events of review requests on this repository, or empty for all
 * @param enabled whether new events are recorded for it and its deliveries are sent
 * @param createdBy the id of the user who created it, if known and still there
 * @param createdAt when it was created
 */
public record Webhook(long id, String url, Set<Event.Type> events, Optional<Long> repositoryId,
    boolean enabled, Optional<Long> createdBy, Instant createdAt) {
  public Webhook {
    Objects.requireNonNull(url, "url");
    events = Set.copyOf(events);
    Objects.requireNonNull(repositoryId, "repositoryId");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether an event of this type, on a review request in this repository, is for this webhook. */
  public boolean wants(Event.Type type, Optional<Long> repository) {
    return enabled && events.contains(type)
        && (repositoryId.isEmpty() || repositoryId.equals(repository));
  }
}
