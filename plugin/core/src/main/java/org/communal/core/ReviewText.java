package org.communal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a review besides its comments; empty parts keep their value.
 *
 * @param bodyTop text above the comments
 * @param bodyBottom text below the comments
 * @param shipIt whether the reviewer approves
 */
public record ReviewText(Optional<String> bodyTop, Optional<String> bodyBottom,
    Optional<Boolean> shipIt) {
  public ReviewText {
    Objects.requireNonNull(bodyTop, "bodyTop");
    Objects.requireNonNull(bodyBottom, "bodyBottom");
    Objects.requireNonNull(shipIt, "shipIt");
  }

  /** Nothing to change. */
  public static ReviewText none() {
    return new ReviewText(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A body on top and a Ship It or not. */
  public static ReviewText of(String bodyTop, boolean shipIt) {
    return new ReviewText(Optional.of(bodyTop), Optional.empty(), Optional.of(shipIt));
  }
}
