package org.communal.diff;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one exception of this package, unchecked: an upload that cannot be parsed or applied. {@link #code()}
 * is stable and names the kind of failure; {@link #problems()} lists every problem that was found,
 * not only the first.
 *
 * <ul>
 *   <li>{@value #EMPTY}: nothing to parse, or no file changes in the upload;
 *   <li>{@value #TOO_BIG}: the upload breaks a {@link DiffLimits} limit;
 *   <li>{@value #PARSE_ERROR}: the upload is not a well-formed diff; each problem names the line,
 *       and the problems are in the order of their lines;
 *   <li>{@value #DOES_NOT_APPLY}: a hunk's context or removed lines do not match the base file;
 *       each problem names the file, the hunk and the line;
 *   <li>{@value #BAD_PATH}: a path is absolute, has an empty, {@code .} or {@code ..} segment,
 *       or is inside {@code .git}, which git apply refuses too; each problem names the file.
 * </ul>
 */
public final class DiffException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Nothing to parse, or no file changes found. */
  public static final String EMPTY = "diff-empty";
  /** Over a size limit. */
  public static final String TOO_BIG = "diff-too-big";
  /** Malformed input. */
  public static final String PARSE_ERROR = "diff-parse-error";
  /** The hunks do not match the base contents. */
  public static final String DOES_NOT_APPLY = "diff-does-not-apply";
  /** A path outside the repository, absolute, or in {@code .git}, as git apply refuses. */
  public static final String BAD_PATH = "diff-bad-path";

  private static final Set<String> CODES = Set.of(EMPTY, TOO_BIG, PARSE_ERROR, DOES_NOT_APPLY,
      BAD_PATH);

  private final String code;
  private final transient List<DiffProblem> problems;

  /**
   * @param code one of the constants of this class
   * @param problems at least one problem, in the order they were found
   */
  public DiffException(String code, List<DiffProblem> problems) {
    super(code + ": " + problems.stream().map(DiffException::describe)
        .collect(Collectors.joining("; ")));
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException("code: unknown diff error code '" + code + "'; use one of "
          + CODES);
    }
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: a diff error has at least one problem");
    }
    this.code = code;
    this.problems = List.copyOf(problems);
  }

  /** A failure with a single problem. */
  public static DiffException of(String code, DiffProblem problem) {
    return new DiffException(code, List.of(problem));
  }

  /** The stable code, such as {@value #PARSE_ERROR}. */
  public String code() {
    return code;
  }

  /** Every problem found, never empty. */
  public List<DiffProblem> problems() {
    return problems;
  }

  private static String describe(DiffProblem p) {
    return p.line() > 0 ? "line " + p.line() + ": " + p.message() : p.message();
  }
}
