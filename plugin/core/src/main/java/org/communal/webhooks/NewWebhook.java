package org.communal.webhooks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admin asks for when adding a webhook. Checked by {@link Webhooks#create}, which
 * reports every problem at once; the record itself only refuses nulls where a value is optional.
 *
 * @param url an {@code http://} or {@code https://} URL, without a user name or password
 * @param events wire names of {@link org.communal.core.Event.Type}, such as
 *     {@code review_published}; at least one
 * @param repositoryId only events on this repository's review requests, or empty for all
 * @param enabled whether it starts enabled
 * @param secret the signing secret to use (16 to 256 characters), or empty to have a random
 *     256-bit one generated
 */
public record NewWebhook(String url, List<String> events, Optional<Long> repositoryId,
    boolean enabled, Optional<String> secret) {
  public NewWebhook {
    events = events == null ? null : List.copyOf(events);
    Objects.requireNonNull(repositoryId, "repositoryId");
    Objects.requireNonNull(secret, "secret");
  }

  /** An enabled webhook for every repository, with a generated secret. */
  public static NewWebhook of(String url, List<String> events) {
    return new NewWebhook(url, events, Optional.empty(), true, Optional.empty());
  }

  @Override
  public String toString() {
    return "NewWebhook[" + url + ", " + events + ", repository " + repositoryId + ", enabled "
        + enabled + (secret.isPresent() ? ", secret given" : "") + "]";
  }
}
