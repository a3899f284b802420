package org.communal.core;

import java.util.Objects;

/**
 * One invalid input field.
 *
 * @param field the field's name as the caller sent it, such as {@code summary}
 * @param reason what is wrong and what is accepted
 */
public record FieldProblem(String field, String reason) {
  public FieldProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
  }
}
