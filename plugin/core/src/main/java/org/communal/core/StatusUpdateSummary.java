package org.communal.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The CI status of a review request at a glance: how many status updates are in each state, and
 * one overall state to show beside it.
 *
 * @param counts how many status updates are in each state; every state is present
 * @param overall the state to show
 */
public record StatusUpdateSummary(Map<StatusUpdateState, Integer> counts, Overall overall) {
  /** The one state to show for all of a review request's checks. */
  public enum Overall {
    /** No status update at all. */
    NONE,
    /** Some checks still run, and none has gone wrong. */
    PENDING,
    /** Every check passed. */
    SUCCESS,
    /** A check failed, could not run or timed out: the change needs a look or a retry. */
    FAILURE;

    /** The name in the API, such as {@code failure}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public StatusUpdateSummary {
    EnumMap<StatusUpdateState, Integer> all = new EnumMap<>(StatusUpdateState.class);
    for (StatusUpdateState s : StatusUpdateState.values()) {
      all.put(s, counts.getOrDefault(s, 0));
    }
    counts = Collections.unmodifiableMap(all);
    java.util.Objects.requireNonNull(overall, "overall");
  }

  /** The summary of these counts; states not named count zero. */
  public static StatusUpdateSummary of(Map<StatusUpdateState, Integer> counts) {
    return new StatusUpdateSummary(counts, overallOf(counts));
  }

  private static Overall overallOf(Map<StatusUpdateState, Integer> counts) {
    int failed = counts.getOrDefault(StatusUpdateState.FAILURE, 0)
        + counts.getOrDefault(StatusUpdateState.ERROR, 0)
        + counts.getOrDefault(StatusUpdateState.TIMED_OUT, 0);
    if (failed > 0) {
      return Overall.FAILURE;
    }
    if (counts.getOrDefault(StatusUpdateState.PENDING, 0) > 0) {
      return Overall.PENDING;
    }
    return counts.getOrDefault(StatusUpdateState.SUCCESS, 0) > 0 ? Overall.SUCCESS : Overall.NONE;
  }
}
