package org.communal.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for a status update's fields, shared by new ones and changes. Not API. */
final class StatusUpdateFields {
  /** The longest service id, in characters. */
  static final int MAX_SERVICE_ID = 100;

  /** The longest summary, in characters. */
  static final int MAX_SUMMARY = 300;

  /** The longest description, in characters. */
  static final int MAX_DESCRIPTION = 10_000;

  /** The longest build URL, in characters. */
  static final int MAX_URL = 2_000;

  /** The longest timeout: a week. A check that runs longer reports itself pending again. */
  static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private StatusUpdateFields() {}

  static void checkServiceId(String value, List<FieldProblem> problems) {
    checkLine("service_id", value, MAX_SERVICE_ID, "the CI service's name, such as jenkins",
        problems);
  }

  static void checkSummary(String value, List<FieldProblem> problems) {
    checkLine("summary", value, MAX_SUMMARY, "one line naming the check, such as \"Unit tests\"",
        problems);
  }

  static void checkDescription(String value, List<FieldProblem> problems) {
    if (value.length() > MAX_DESCRIPTION) {
      problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION
          + " characters, was " + value.length()));
    }
    if (value.indexOf('\0') >= 0) {
      problems.add(new FieldProblem("description", "must not contain NUL characters"));
    }
  }

  /** An absolute http or https URL with a host; anything else could be a script link. */
  static void checkUrl(Optional<String> url, List<FieldProblem> problems) {
    if (url.isEmpty()) {
      return;
    }
    String value = url.get();
    if (value.length() > MAX_URL) {
      problems.add(new FieldProblem("url", "must be at most " + MAX_URL + " characters, was "
          + value.length()));
    } else if (!isWebUrl(value)) {
      problems.add(new FieldProblem("url", "must be an absolute http:// or https:// URL of the"
          + " build, was \"" + value + "\""));
    }
  }

  static void checkTimeout(Optional<Long> seconds, List<FieldProblem> problems) {
    if (seconds.isPresent() && (seconds.get() < 1 || seconds.get() > MAX_TIMEOUT_SECONDS)) {
      problems.add(new FieldProblem("timeout_seconds", "must be between 1 and "
          + MAX_TIMEOUT_SECONDS + " (a week), was " + seconds.get()));
    }
  }

  static void checkRevision(Optional<Long> revision, List<FieldProblem> problems) {
    if (revision.isPresent() && (revision.get() < 1 || revision.get() > Integer.MAX_VALUE)) {
      problems.add(new FieldProblem("revision", "must be a diff revision number (1 or more),"
          + " was " + revision.get()));
    }
  }

  /** The state with this wire name; an unknown one is a problem, and so is a missing one. */
  static Optional<StatusUpdateState> state(String name, List<FieldProblem> problems) {
    Optional<StatusUpdateState> state = StatusUpdateState.fromWireName(name);
    if (state.isEmpty()) {
      problems.add(new FieldProblem("state", (name == null ? "is required" : "was \"" + name
          + "\"") + ": give " + StatusUpdateState.settableNames()));
    }
    return state;
  }

  private static void checkLine(String field, String value, int max, String what,
      List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, "is required: " + what));
      return;
    }
    if (value.length() > max) {
      problems.add(new FieldProblem(field, "must be at most " + max + " characters, was "
          + value.length()));
    }
    if (CONTROL.matcher(value).find()) {
      problems.add(new FieldProblem(field, "must be one line without control characters"));
    }
  }

  private static boolean isWebUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Throws when any problem was found. */
  static void throwIfAny(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
