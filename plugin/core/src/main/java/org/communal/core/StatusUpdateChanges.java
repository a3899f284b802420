package org.communal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a reporter changes on a status update: only the fields given change. The service id and
 * the diff revision name the check, so they never change. Build it with {@link #builder()}, which
 * checks every given field at once.
 */
public final class StatusUpdateChanges {
  private final Optional<String> summary;
  private final Optional<String> description;
  private final Optional<StatusUpdateState> state;
  private final Optional<Optional<String>> url;
  private final Optional<Optional<Integer>> timeoutSeconds;

  private StatusUpdateChanges(Builder b) {
    this.summary = Optional.ofNullable(b.summary);
    this.description = Optional.ofNullable(b.description);
    this.state = Optional.ofNullable(b.state).flatMap(StatusUpdateState::fromWireName);
    this.url = b.urlGiven ? Optional.of(Optional.ofNullable(b.url)) : Optional.empty();
    this.timeoutSeconds = b.timeoutGiven
        ? Optional.of(Optional.ofNullable(b.timeoutSeconds).map(Long::intValue))
        : Optional.empty();
  }

  /** A builder that changes nothing yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The new state, if it changes. */
  public Optional<StatusUpdateState> state() {
    return state;
  }

  /** Whether nothing changes. */
  public boolean isEmpty() {
    return summary.isEmpty() && description.isEmpty() && state.isEmpty() && url.isEmpty()
        && timeoutSeconds.isEmpty();
  }

  /** The status update with these changes, as it will be stored (times and counts unchanged). */
  StatusUpdate applyTo(StatusUpdate s) {
    return new StatusUpdate(s.id(), s.reviewRequestId(), s.revision(), s.serviceId(),
        summary.orElse(s.summary()), description.orElse(s.description()), state.orElse(s.state()),
        url.orElse(s.url()), timeoutSeconds.orElse(s.timeoutSeconds()), s.reporter(),
        s.retryCount(), s.retryRequestedAt(), s.createdAt(), s.updatedAt());
  }

  /** Collects the fields to change; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private String summary;
    private String description;
    private String state;
    private boolean urlGiven;
    private String url;
    private boolean timeoutGiven;
    private Long timeoutSeconds;

    private Builder() {}

    /** A new summary; surrounding blanks are dropped. */
    public Builder summary(String summary) {
      this.summary = summary.strip();
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** A new state's wire name, such as {@code success}. */
    public Builder state(String wireName) {
      this.state = wireName;
      return this;
    }

    /** A new build URL; null or empty removes it. */
    public Builder url(String url) {
      this.urlGiven = true;
      this.url = url == null || url.isEmpty() ? null : url;
      return this;
    }

    /** A new timeout for while pending; null removes it. */
    public Builder timeoutSeconds(Long seconds) {
      this.timeoutGiven = true;
      this.timeoutSeconds = seconds;
      return this;
    }

    /** Every broken rule among the given fields; empty when {@link #build()} will succeed. */
    public List<FieldProblem> problems() {
      List<FieldProblem> problems = new ArrayList<>();
      if (summary != null) {
        StatusUpdateFields.checkSummary(summary, problems);
      }
      if (description != null) {
        StatusUpdateFields.checkDescription(description, problems);
      }
      if (state != null) {
        StatusUpdateFields.state(state, problems);
      }
      StatusUpdateFields.checkUrl(Optional.ofNullable(url), problems);
      StatusUpdateFields.checkTimeout(Optional.ofNullable(timeoutSeconds), problems);
      return problems;
    }

    /**
     * Checks every given field.
     *
     * @throws InvalidInputException listing every invalid field
     */
    public StatusUpdateChanges build() {
      StatusUpdateFields.throwIfAny(problems());
      return new StatusUpdateChanges(this);
    }
  }
}
