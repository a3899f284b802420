package org.communal.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields a submitter edits on a review request before publishing them: given when creating
 * one, and kept as its draft until published. Built through {@link #builder()} (or {@link
 * #toBuilder()} to change some), which checks every field at once and reports every broken rule.
 * Reviewers are named (usernames, group names) and dependencies are review request ids; whether
 * they exist is checked when the draft is saved.
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

  /** How many target people, target groups or dependencies one review request may name. */
  public static final int MAX_TARGETS = 100;

  private static final Pattern BUG_ID = Pattern.compile("[A-Za-z0-9._#:/-]{1,64}");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

  private final String summary;
  private final String description;
  private final String testingDone;
  private final String branch;
  private final List<String> bugsClosed;
  private final Optional<Long> repositoryId;
  private final List<String> targetPeople;
  private final List<String> targetGroups;
  private final List<Long> dependsOn;
  private final String changeText;

  private ReviewRequestDraft(Builder b) {
    this.summary = b.summary.strip();
    this.description = b.description;
    this.testingDone = b.testingDone;
    this.branch = b.branch.strip();
    this.bugsClosed = List.copyOf(b.bugsClosed);
    this.repositoryId = Optional.ofNullable(b.repositoryId);
    this.targetPeople = List.copyOf(new LinkedHashSet<>(b.targetPeople));
    this.targetGroups = List.copyOf(new LinkedHashSet<>(b.targetGroups));
    this.dependsOn = List.copyOf(new LinkedHashSet<>(b.dependsOn));
    this.changeText = b.changeText;
  }

  /** A builder holding these fields, to change some of them. */
  public Builder toBuilder() {
    return builder().summary(summary).description(description).testingDone(testingDone)
        .branch(branch).bugsClosed(bugsClosed).repositoryId(repositoryId.orElse(null))
        .targetPeople(targetPeople).targetGroups(targetGroups).dependsOn(dependsOn)
        .changeText(changeText);
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

  /** Usernames of the people asked to review, without repeats. */
  public List<String> targetPeople() {
    return targetPeople;
  }

  /** Names of the groups asked to review, without repeats. */
  public List<String> targetGroups() {
    return targetGroups;
  }

  /** Ids of the review requests this one depends on, without repeats. */
  public List<Long> dependsOn() {
    return dependsOn;
  }

  /** What the submitter says about this update, kept in the change description on publish. */
  public String changeText() {
    return changeText;
  }

  /** Collects the fields; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private String summary = "";
    private String description = "";
    private String testingDone = "";
    private String branch = "";
    private List<String> bugsClosed = List.of();
    private Long repositoryId;
    private List<String> targetPeople = List.of();
    private List<String> targetGroups = List.of();
    private List<Long> dependsOn = List.of();
    private String changeText = "";

    private Builder() {}

    /** Usernames, up to {@value #MAX_TARGETS}. Default: none. */
    public Builder targetPeople(List<String> usernames) {
      this.targetPeople = usernames == null ? List.of() : new ArrayList<>(usernames);
      return this;
    }

    /** Group names, up to {@value #MAX_TARGETS}. Default: none. */
    public Builder targetGroups(List<String> names) {
      this.targetGroups = names == null ? List.of() : new ArrayList<>(names);
      return this;
    }

    /** Review request ids, up to {@value #MAX_TARGETS}. Default: none. */
    public Builder dependsOn(List<Long> ids) {
      this.dependsOn = ids == null ? List.of() : new ArrayList<>(ids);
      return this;
    }

    /** Free text up to {@value #MAX_TEXT} characters about this update. Default: empty. */
    public Builder changeText(String text) {
      this.changeText = text == null ? "" : text;
      return this;
    }

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
      checkText("change_text", changeText, problems);
      checkTargets(problems);
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

    private void checkTargets(List<FieldProblem> problems) {
      checkCount("target_people", targetPeople.size(), problems);
      checkCount("target_groups", targetGroups.size(), problems);
      checkCount("depends_on", dependsOn.size(), problems);
      for (String name : targetPeople) {
        if (name == null || name.isBlank()) {
          problems.add(new FieldProblem("target_people", "usernames must not be empty"));
        }
      }
      for (String name : targetGroups) {
        if (name == null || name.isBlank()) {
          problems.add(new FieldProblem("target_groups", "group names must not be empty"));
        }
      }
      for (Long id : dependsOn) {
        if (id == null || id < 1) {
          problems.add(new FieldProblem("depends_on", "must hold review request ids (1 or more),"
              + " had " + id));
        }
      }
    }

    private static void checkCount(String field, int count, List<FieldProblem> problems) {
      if (count > MAX_TARGETS) {
        problems.add(new FieldProblem(field, "may hold at most " + MAX_TARGETS + " entries, had "
            + count));
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
