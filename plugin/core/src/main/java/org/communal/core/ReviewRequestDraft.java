package org.communal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields a submitter gives when creating a review request. Built through {@link #builder()},
 * which checks every field at once and reports every broken rule.
 */
public final class ReviewRequestDraft {
  /** The longest summary, in characters. */
  public static final int MAX_SUMMARY = 300;

  /** The longest description or testing-done text, in characters. */
  public static final int MAX_TEXT = 100_000;

  /** The longest branch name, in characters. */
  public static final int MAX_BRANCH = 255;

  /** How many bug ids one review request may close. */
  public static final int MAX_BUGS = 100;

  private static final Pattern BUG_ID = Pattern.compile("[A-Za-z0-9._#:/-]{1,64}");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

  private final String summary;
  private final String description;
  private final String testingDone;
  private final String branch;
  private final List<String> bugsClosed;
  private final Optional<Long> repositoryId;

  private ReviewRequestDraft(Builder b) {
    this.summary = b.summary.strip();
    this.description = b.description;
    this.testingDone = b.testingDone;
    this.branch = b.branch.strip();
    this.bugsClosed = List.copyOf(b.bugsClosed);
    this.repositoryId = Optional.ofNullable(b.repositoryId);
  }

  /** A builder with every optional field empty. */
  public static Builder builder() {
    return new Builder();
  }

  public String summary() {
    return summary;
  }

  public String description() {
    return description;
  }

  public String testingDone() {
    return testingDone;
  }

  public String branch() {
    return branch;
  }

  public List<String> bugsClosed() {
    return bugsClosed;
  }

  public Optional<Long> repositoryId() {
    return repositoryId;
  }

  /** Collects the fields; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private String summary = "";
    private String description = "";
    private String testingDone = "";
    private String branch = "";
    private List<String> bugsClosed = List.of();
    private Long repositoryId;

    private Builder() {}

    /** One line, 1 to {@value #MAX_SUMMARY} characters. Required. */
    public Builder summary(String summary) {
      this.summary = summary == null ? "" : summary;
      return this;
    }

    /** Free text up to {@value #MAX_TEXT} characters. Default: empty. */
    public Builder description(String description) {
      this.description = description == null ? "" : description;
      return this;
    }

    /** Free text up to {@value #MAX_TEXT} characters. Default: empty. */
    public Builder testingDone(String testingDone) {
      this.testingDone = testingDone == null ? "" : testingDone;
      return this;
    }

    /** One line up to {@value #MAX_BRANCH} characters. Default: empty. */
    public Builder branch(String branch) {
      this.branch = branch == null ? "" : branch;
      return this;
    }

    /** Up to {@value #MAX_BUGS} bug ids. Default: none. */
    public Builder bugsClosed(List<String> bugsClosed) {
      this.bugsClosed = bugsClosed == null ? List.of() : new ArrayList<>(bugsClosed);
      return this;
    }

    /** The repository the change is against. Default: none. */
    public Builder repositoryId(Long repositoryId) {
      this.repositoryId = repositoryId;
      return this;
    }

    /**
     * Validates every field.
     *
     * @throws InvalidInputException listing every invalid field
     */
    public ReviewRequestDraft build() {
      List<FieldProblem> problems = new ArrayList<>();
      checkSummary(problems);
      checkText("description", description, problems);
      checkText("testing_done", testingDone, problems);
      checkOneLine("branch", branch, MAX_BRANCH, problems);
      checkBugs(problems);
      if (repositoryId != null && repositoryId < 1) {
        problems.add(new FieldProblem("repository", "must be a repository id (1 or more), was "
            + repositoryId));
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      return new ReviewRequestDraft(this);
    }

    private void checkSummary(List<FieldProblem> problems) {
      if (summary.isBlank()) {
        problems.add(new FieldProblem("summary", "is required: give a one-line summary"));
      } else {
        checkOneLine("summary", summary.strip(), MAX_SUMMARY, problems);
      }
    }

    private void checkBugs(List<FieldProblem> problems) {
      if (bugsClosed.size() > MAX_BUGS) {
        problems.add(new FieldProblem("bugs_closed", "may hold at most " + MAX_BUGS
            + " bug ids, had " + bugsClosed.size()));
      }
      for (String bug : bugsClosed) {
        if (bug == null || !BUG_ID.matcher(bug).matches()) {
          problems.add(new FieldProblem("bugs_closed", "bug id \"" + bug
              + "\" must be 1 to 64 letters, digits or . _ # : / -"));
        }
      }
    }

    private static void checkOneLine(String field, String value, int max,
        List<FieldProblem> problems) {
      if (value.length() > max) {
        problems.add(new FieldProblem(field, "must be at most " + max + " characters, was "
            + value.length()));
      }
      if (value.contains("\n") || value.contains("\r") || CONTROL.matcher(value).find()) {
        problems.add(new FieldProblem(field, "must be one line without control characters"));
      }
    }

    private static void checkText(String field, String value, List<FieldProblem> problems) {
      if (value.length() > MAX_TEXT) {
        problems.add(new FieldProblem(field, "must be at most " + MAX_TEXT + " characters, was "
            + value.length()));
      }
      if (value.indexOf('\0') >= 0) {
        problems.add(new FieldProblem(field, "must not contain NUL characters"));
      }
    }
  }
}
