package org.communal.context;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A context and its subtree as they were at one moment, for reports and admin pages.
 *
 * @param name the context's name
 * @param path its path from the root
 * @param state its state
 * @param weight its own weight
 * @param totalWeight the weight of its subtree
 * @param blocks how many contexts its subtree holds, itself included
 * @param age how long ago it was created
 * @param cancellation why it was cancelled, if it was
 * @param creationSite where it was created, at ADVANCED leak detection
 * @param children its children, newest first
 */
public record ContextSnapshot(String name, String path, State state, long weight,
    long totalWeight, long blocks, Duration age, Optional<String> cancellation,
    Optional<String> creationSite, List<ContextSnapshot> children) {
  public ContextSnapshot {
    children = List.copyOf(children);
  }
}
