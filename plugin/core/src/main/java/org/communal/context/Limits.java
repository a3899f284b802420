package org.communal.context;

/**
 * The most a subtree may hold, checked when contexts are created and when subtrees move in.
 *
 * @param maxBlocks the most contexts in the subtree, the limited one included
 * @param maxWeight the most total weight (for example bytes of cached diffs)
 */
public record Limits(long maxBlocks, long maxWeight) {
  public Limits {
    if (maxBlocks < 1 || maxWeight < 0) {
      throw new IllegalArgumentException("maxBlocks must be 1 or more and maxWeight 0 or more;"
          + " were " + maxBlocks + " and " + maxWeight);
    }
  }

  /** A limit on the number of contexts only. */
  public static Limits blocks(long maxBlocks) {
    return new Limits(maxBlocks, Long.MAX_VALUE);
  }

  /** A limit on total weight only. */
  public static Limits weight(long maxWeight) {
    return new Limits(Long.MAX_VALUE, maxWeight);
  }
}
