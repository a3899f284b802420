package org.communal.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a published review request, for webhooks and other listeners.
 *
 * @param type what happened
 * @param reviewRequestId the review request it happened to
 * @param repositoryId the review request's repository, if it has one
 * @param payload the JSON-ready description (maps, lists, strings, numbers, booleans): only what
 *     every reader of the review request may see
 * @param inviteOnly whether the review request is kept within an invite-only group, when its
 *     producer read that in the same transaction; empty makes the core look it up
 */
public record Event(Type type, long reviewRequestId, Optional<Long> repositoryId,
    Map<String, Object> payload, Optional<Boolean> inviteOnly) {
  /** The kinds of event, with their names on the wire. */
  public enum Type {
    REVIEW_REQUEST_PUBLISHED("review_request_published"),
    REVIEW_REQUEST_CLOSED("review_request_closed"),
    REVIEW_REQUEST_REOPENED("review_request_reopened"),
    REVIEW_PUBLISHED("review_published"),
    REPLY_PUBLISHED("reply_published"),
    STATUS_UPDATE_CHANGED("status_update_changed");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the API and in webhook headers, such as {@code review_published}. */
    public String wireName() {
      return wireName;
    }
  }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(repositoryId, "repositoryId");
    payload = Map.copyOf(payload);
    Objects.requireNonNull(inviteOnly, "inviteOnly");
  }

  /** An event whose review request's audience the core looks up. */
  public Event(Type type, long reviewRequestId, Optional<Long> repositoryId,
      Map<String, Object> payload) {
    this(type, reviewRequestId, repositoryId, payload, Optional.empty());
  }
}
