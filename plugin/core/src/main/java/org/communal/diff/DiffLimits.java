package org.communal.diff;

/**
 * The largest upload {@link Diffs#parse(byte[], DiffLimits)} accepts. Every limit that an upload
 * breaks is reported at once, as {@code diff-too-big}.
 *
 * @param maxBytes the most bytes of raw input; the default is 10 MiB
 * @param maxFiles the most file entries (one per {@code diff --git} header, so a file that a
 *     patch series touches twice counts twice); the default is 2,000
 * @param maxLines the most lines of raw input, headers and context included; the default is
 *     200,000
 */
public record DiffLimits(long maxBytes, int maxFiles, int maxLines) {
  /** 10 MiB, 2,000 files, 200,000 lines. */
  public static final DiffLimits DEFAULTS = new DiffLimits(10L << 20, 2_000, 200_000);

  public DiffLimits {
    if (maxBytes < 1 || maxFiles < 1 || maxLines < 1) {
      throw new IllegalArgumentException("every diff limit must be 1 or more; were maxBytes="
          + maxBytes + ", maxFiles=" + maxFiles + ", maxLines=" + maxLines);
    }
  }

  /** These limits with {@code maxBytes} replaced. */
  public DiffLimits withMaxBytes(long maxBytes) {
    return new DiffLimits(maxBytes, maxFiles, maxLines);
  }

  /** These limits with {@code maxFiles} replaced. */
  public DiffLimits withMaxFiles(int maxFiles) {
    return new DiffLimits(maxBytes, maxFiles, maxLines);
  }

  /** These limits with {@code maxLines} replaced. */
  public DiffLimits withMaxLines(int maxLines) {
    return new DiffLimits(maxBytes, maxFiles, maxLines);
  }
}
