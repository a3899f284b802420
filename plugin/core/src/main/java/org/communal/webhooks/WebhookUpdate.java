package org.communal.webhooks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes to make to a webhook: each field left unset stays as it is. Immutable; each method
 * returns a new update. Checked by {@link Webhooks#update} like a new webhook.
 */
public final class WebhookUpdate {
  private static final WebhookUpdate NONE = new WebhookUpdate(Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  private final Optional<String> url;
  private final Optional<List<String>> events;
  private final Optional<Boolean> enabled;
  // Present when the filter changes; its value is then empty for "every repository".
  private final Optional<Optional<Long>> repositoryId;

  private WebhookUpdate(Optional<String> url, Optional<List<String>> events,
      Optional<Boolean> enabled, Optional<Optional<Long>> repositoryId) {
    this.url = url;
    this.events = events;
    this.enabled = enabled;
    this.repositoryId = repositoryId;
  }

  /** An update that changes nothing. */
  public static WebhookUpdate none() {
    return NONE;
  }

  /** Sends to this URL from now on (pending deliveries included). */
  public WebhookUpdate url(String newUrl) {
    return new WebhookUpdate(Optional.of(Objects.requireNonNull(newUrl, "url")), events, enabled,
        repositoryId);
  }

  /** Wants these events (wire names) from now on. */
  public WebhookUpdate events(List<String> newEvents) {
    return new WebhookUpdate(url, Optional.of(List.copyOf(newEvents)), enabled, repositoryId);
  }

  /** Enables or disables it. */
  public WebhookUpdate enabled(boolean newEnabled) {
    return new WebhookUpdate(url, events, Optional.of(newEnabled), repositoryId);
  }

  /** Only events on this repository, or (empty) on every repository. */
  public WebhookUpdate repositoryId(Optional<Long> newRepositoryId) {
    return new WebhookUpdate(url, events, enabled,
        Optional.of(Objects.requireNonNull(newRepositoryId, "repositoryId")));
  }

  public Optional<String> url() {
    return url;
  }

  public Optional<List<String>> events() {
    return events;
  }

  public Optional<Boolean> enabled() {
    return enabled;
  }

  /** Present when the repository filter changes; empty inside for "every repository". */
  public Optional<Optional<Long>> repositoryId() {
    return repositoryId;
  }

  @Override
  public String toString() {
    return "WebhookUpdate[url " + url + ", events " + events + ", enabled " + enabled
        + ", repository " + repositoryId + "]";
  }
}
