package org.communal.upgrade.data;

/**
 * Which edge values the generator may write. An edge value it may not write is replaced by a
 * realistic value of the column; NULL, where the column allows it, stays, since any site has it.
 */
@FunctionalInterface
public interface EdgeFilter {
  /** Every edge value: the generator's default. */
  EdgeFilter ALL = edge -> true;

  /** No edge value: plain, realistic values only. */
  EdgeFilter NONE = edge -> false;

  /** Whether the generator may write this edge value. */
  boolean allows(EdgeValue edge);
}
