package org.communal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CI service reports when it starts (or finishes) a check. Build it with {@link
 * #builder()}, which checks every field at once; the constructor checks the same rules.
 *
 * @param serviceId which service reports, 1 to 100 characters on one line, such as {@code jenkins}
 * @param summary one line of 1 to 300 characters, such as "Unit tests"
 * @param description free text up to 10,000 characters; may be empty
 * @param state where the check stands; {@code timed-out} is the service's alone
 * @param url the build's page, an absolute http or https URL, if any
 * @param timeoutSeconds for a pending check, how long (1 second to a week) it may go without an
 *     update before it times out; none means it never does
 * @param revision the diff revision the check ran on, if it names one
 */
public record NewStatusUpdate(String serviceId, String summary, String description,
    StatusUpdateState state, Optional<String> url, Optional<Integer> timeoutSeconds,
    Optional<Integer> revision) {
  public NewStatusUpdate {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
    Objects.requireNonNull(revision, "revision");
    description = description == null ? "" : description;
    List<FieldProblem> problems = new ArrayList<>();
    StatusUpdateFields.checkServiceId(serviceId, problems);
    StatusUpdateFields.checkSummary(summary, problems);
    StatusUpdateFields.checkDescription(description, problems);
    StatusUpdateFields.checkUrl(url, problems);
    StatusUpdateFields.checkTimeout(timeoutSeconds.map(Integer::longValue), problems);
    StatusUpdateFields.checkRevision(revision.map(Integer::longValue), problems);
    StatusUpdateFields.throwIfAny(problems);
  }

  /** A builder with every field empty and the state pending. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects raw fields, as a caller sent them; {@link #build()} checks them all. Not thread-safe. */
  public static final class Builder {
    private String serviceId;
    private String summary;
    private String description = "";
    private String state = StatusUpdateState.PENDING.wireName();
    private String url;
    private Long timeoutSeconds;
    private Long revision;

    private Builder() {}

    /** Required; surrounding blanks are dropped. */
    public Builder serviceId(String serviceId) {
      this.serviceId = serviceId == null ? null : serviceId.strip();
      return this;
    }

    /** Required; surrounding blanks are dropped. */
    public Builder summary(String summary) {
      this.summary = summary == null ? null : summary.strip();
      return this;
    }

    /** Default: empty. */
    public Builder description(String description) {
      this.description = description == null ? "" : description;
      return this;
    }

    /** A state's wire name, such as {@code success}. Default: pending; null keeps the default. */
    public Builder state(String wireName) {
      this.state = wireName == null ? StatusUpdateState.PENDING.wireName() : wireName;
      return this;
    }

    /** Default: none; null or empty means none. */
    public Builder url(String url) {
      this.url = url == null || url.isEmpty() ? null : url;
      return this;
    }

    /** Default: none. */
    public Builder timeoutSeconds(Long seconds) {
      this.timeoutSeconds = seconds;
      return this;
    }

    /** Default: none (the status update is on the review request as a whole). */
    public Builder revision(Long revision) {
      this.revision = revision;
      return this;
    }

    /** Every broken rule, in field order; empty when {@link #build()} will succeed. */
    public List<FieldProblem> problems() {
      List<FieldProblem> problems = new ArrayList<>();
      StatusUpdateFields.checkServiceId(serviceId, problems);
      StatusUpdateFields.checkSummary(summary, problems);
      StatusUpdateFields.checkDescription(description, problems);
      StatusUpdateFields.state(state, problems);
      StatusUpdateFields.checkUrl(Optional.ofNullable(url), problems);
      StatusUpdateFields.checkTimeout(Optional.ofNullable(timeoutSeconds), problems);
      StatusUpdateFields.checkRevision(Optional.ofNullable(revision), problems);
      return problems;
    }

    /**
     * Checks every field.
     *
     * @throws InvalidInputException listing every invalid field
     */
    public NewStatusUpdate build() {
      StatusUpdateFields.throwIfAny(problems());
      return new NewStatusUpdate(serviceId, summary, description,
          StatusUpdateState.fromWireName(state).orElseThrow(), Optional.ofNullable(url),
          Optional.ofNullable(timeoutSeconds).map(Long::intValue),
          Optional.ofNullable(revision).map(Long::intValue));
    }
  }
}
