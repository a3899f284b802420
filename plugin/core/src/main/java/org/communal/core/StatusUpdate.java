package org.communal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CI service's report on a review request, or on one of its diff revisions.
 *
 * @param id the database id
 * @param reviewRequestId the review request it reports on
 * @param revision the diff revision it reports on, if it names one
 * @param serviceId which service reports, such as {@code jenkins}
 * @param summary one line, such as "Unit tests"
 * @param description free text, such as "3 of 1,204 tests failed"; may be empty
 * @param state where the check stands
 * @param url the build's page (http or https), if given
 * @param timeoutSeconds while pending, how long it may go without an update before it times out
 * @param reporter who reported it; empty if that account was deleted
 * @param retryCount how often a retry was asked for
 * @param retryRequestedAt when the last retry was asked for
 * @param createdAt when it was first reported
 * @param updatedAt when it last changed (a timeout counts from here)
 */
public record StatusUpdate(long id, long reviewRequestId, Optional<Integer> revision,
    String serviceId, String summary, String description, StatusUpdateState state,
    Optional<String> url, Optional<Integer> timeoutSeconds, Optional<User> reporter,
    int retryCount, Optional<Instant> retryRequestedAt, Instant createdAt, Instant updatedAt) {
  public StatusUpdate {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(serviceId, "serviceId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(retryRequestedAt, "retryRequestedAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** When a pending update with a timeout times out; empty for any other. */
  public Optional<Instant> timesOutAt() {
    if (state != StatusUpdateState.PENDING) {
      return Optional.empty();
    }
    return timeoutSeconds.map(s -> updatedAt.plus(Duration.ofSeconds(s)));
  }

  /** Whether this user reported it. */
  public boolean reportedBy(long userId) {
    return reporter.map(u -> u.id() == userId).orElse(false);
  }
}
