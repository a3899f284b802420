package org.communal.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Which page of a list to return.
 *
 * @param start how many items to skip, 0 or more
 * @param maxResults how many items at most, 1 to {@value #MAX_RESULTS}
 */
public record PageRequest(int start, int maxResults) {
  /** The page size when the caller names none. */
  public static final int DEFAULT_MAX_RESULTS = 25;

  /** The largest page a caller may ask for. */
  public static final int MAX_RESULTS = 200;

  public PageRequest {
    List<FieldProblem> problems = new ArrayList<>();
    if (start < 0) {
      problems.add(new FieldProblem("start", "must be 0 or more, was " + start));
    }
    if (maxResults < 1 || maxResults > MAX_RESULTS) {
      problems.add(new FieldProblem("max-results",
          "must be between 1 and " + MAX_RESULTS + ", was " + maxResults));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** The page after this one. */
  public PageRequest next() {
    return new PageRequest(start + maxResults, maxResults);
  }

  /** The page before this one (never before the first). */
  public PageRequest previous() {
    return new PageRequest(Math.max(0, start - maxResults), maxResults);
  }
}
