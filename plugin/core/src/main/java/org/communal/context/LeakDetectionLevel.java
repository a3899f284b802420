package org.communal.context;

/** How hard the registry looks for contexts that were never closed (after Netty's levels). */
public enum LeakDetectionLevel {
  /** No creation sites, no garbage-collection backstop. */
  DISABLED,
  /** Reports unclosed roots that became unreachable, without creation sites. */
  SIMPLE,
  /** Also records where every context and lease was created (costs a stack trace each). */
  ADVANCED,
  /** As ADVANCED; meant for tests. */
  PARANOID
}
