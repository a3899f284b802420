package org.communal.diff;

/**
 * How to build side-by-side rows.
 *
 * @param context how many unchanged lines to show around each change; the rest is collapsed.
 *     The default is 3
 * @param ignoreWhitespace compare lines ignoring all whitespace (git's {@code -w}): lines that
 *     differ only in whitespace become {@link Row.Kind#EQUAL} rows (whose two texts may differ)
 */
public record RowOptions(int context, boolean ignoreWhitespace) {
  /** 3 lines of context, whitespace significant. */
  public static final RowOptions DEFAULTS = new RowOptions(3, false);

  public RowOptions {
    if (context < 0) {
      throw new IllegalArgumentException("context must be 0 or more lines; was " + context);
    }
  }

  /** These options with {@code context} replaced. */
  public RowOptions withContext(int context) {
    return new RowOptions(context, ignoreWhitespace);
  }

  /** These options with {@code ignoreWhitespace} replaced. */
  public RowOptions withIgnoreWhitespace(boolean ignoreWhitespace) {
    return new RowOptions(context, ignoreWhitespace);
  }
}
