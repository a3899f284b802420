package org.communal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A comment to add to a draft review: on a diff when {@code fileId} is given, otherwise general.
 *
 * @param fileId the file of a diff revision of the review request
 * @param interFileId for a comment on an interdiff, the file of the later revision
 * @param side {@code old} or {@code new} (default {@code new})
 * @param firstLine for a diff comment, the first line, from 1
 * @param numLines for a diff comment, how many lines, 1 to 10,000
 * @param replyToId in a reply, the published comment it answers
 * @param text 1 to 100,000 characters
 * @param openIssue whether it opens an issue the submitter must handle
 */
public record NewComment(Optional<Long> fileId, Optional<Long> interFileId, String side,
    int firstLine, int numLines, Optional<Long> replyToId, String text, boolean openIssue) {
  public NewComment {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(interFileId, "interFileId");
    Objects.requireNonNull(replyToId, "replyToId");
    side = side == null ? "new" : side;
    text = text == null ? "" : text;
  }

  /** A general comment. */
  public static NewComment general(String text, boolean openIssue) {
    return new NewComment(Optional.empty(), Optional.empty(), "new", 0, 0, Optional.empty(), text,
        openIssue);
  }

  /** A comment on lines of the new side of a file. */
  public static NewComment onLines(long fileId, int firstLine, int numLines, String text,
      boolean openIssue) {
    return new NewComment(Optional.of(fileId), Optional.empty(), "new", firstLine, numLines,
        Optional.empty(), text, openIssue);
  }

  /** A reply to a published comment. */
  public static NewComment replyTo(long commentId, String text) {
    return new NewComment(Optional.empty(), Optional.empty(), "new", 0, 0,
        Optional.of(commentId), text, false);
  }

  /** Every broken rule, for {@code field} (such as {@code comments[2]}). */
  List<FieldProblem> problems(String field) {
    List<FieldProblem> problems = new ArrayList<>();
    if (text.isBlank() || text.length() > ReviewRequestDraft.MAX_TEXT) {
      problems.add(new FieldProblem(field + ".text", "must be 1 to " + ReviewRequestDraft.MAX_TEXT
          + " characters"));
    }
    if (!side.equals("old") && !side.equals("new")) {
      problems.add(new FieldProblem(field + ".side", "must be old or new, was \"" + side + "\""));
    }
    if (fileId.isPresent() && (firstLine < 1 || numLines < 1 || numLines > 10_000)) {
      problems.add(new FieldProblem(field + ".first_line", "a diff comment needs first_line 1"
          + " or more and num_lines 1 to 10000, was " + firstLine + " and " + numLines));
    }
    if (fileId.isEmpty() && interFileId.isPresent()) {
      problems.add(new FieldProblem(field + ".interfilediff", "needs filediff too"));
    }
    return problems;
  }
}
