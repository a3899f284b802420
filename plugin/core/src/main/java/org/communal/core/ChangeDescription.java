package org.communal.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one publish of a review request changed.
 *
 * @param id the database id
 * @param user who published
 * @param text what they said about the update
 * @param fieldsChanged per changed field: {@code old} and {@code new} values, or for lists
 *     {@code added} and {@code removed}; a new diff revision appears as {@code diff} with its
 *     {@code revision}; the first publish has {@code initial: true} and lists every field set
 * @param createdAt when it was published
 */
public record ChangeDescription(long id, User user, String text,
    Map<String, Object> fieldsChanged, Instant createdAt) {
  public ChangeDescription {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(text, "text");
    fieldsChanged = Map.copyOf(fieldsChanged);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
