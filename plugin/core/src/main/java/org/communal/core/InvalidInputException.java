package org.communal.core;

import java.util.List;
import java.util.stream.Collectors;

/** One or more input fields are missing or invalid; every problem is listed, not only the first. */
public final class InvalidInputException extends CommunalException {
  private static final long serialVersionUID = 1L;

  private final List<FieldProblem> problems;

  public InvalidInputException(List<FieldProblem> problems) {
    super(problems.stream().map(p -> p.field() + ": " + p.reason())
        .collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: an invalid input has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Shorthand for a single bad field. */
  public static InvalidInputException of(String field, String reason) {
    return new InvalidInputException(List.of(new FieldProblem(field, reason)));
  }

  /** Every invalid field, in the order the fields were checked. */
  public List<FieldProblem> problems() {
    return problems;
  }

  @Override
  public String code() {
    return "invalid-field";
  }
}
