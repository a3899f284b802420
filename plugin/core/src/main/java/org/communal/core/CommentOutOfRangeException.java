package org.communal.core;

import java.util.List;

/**
 * Diff comments that sit where their file has no lines: past the end of their side, on a side
 * the file does not have (the old side of an added file, the new side of a deleted one), or on a
 * binary file. Each problem names the comment, the file and how many lines its side has.
 */
public final class CommentOutOfRangeException extends CommunalException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** @param problems one message per comment, at least one */
  public CommentOutOfRangeException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: at least one comment is out of range");
    }
    this.problems = List.copyOf(problems);
  }

  /** One message per comment out of range, in the order the comments were given. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public String code() {
    return "comment-out-of-range";
  }
}
