package org.communal.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.communal.upgrade.data.EdgeValue;

/**
 * Finds the generated edge values a migration fails on, by delta debugging: the release is seeded
 * again with a part of the edge values, and a part (or the rest without a part) that the
 * migration still fails on is kept, in ever smaller parts, until one value is left or no part
 * fails alone. A single culprit is found by halving, in about twice the logarithm of the number
 * of values in seedings; values that fail it only together are narrowed to those few. A
 * column's values are kept together, so that the parts split columns first. It stops after
 * {@link #SEEDINGS} seedings with the values it has narrowed to.
 */
final class EdgeSearch {
  /** The most seedings one search makes. */
  static final int SEEDINGS = 40;

  private EdgeSearch() {}

  /**
   * The edge values the migration fails on: one when a single value does it.
   *
   * @param edges every edge value the generator wrote
   * @param fails whether the migration fails on rows seeded with only these edge values
   */
  static List<EdgeValue> narrow(List<EdgeValue> edges, Predicate<Set<EdgeValue>> fails) {
    int[] left = {SEEDINGS};
    Predicate<List<EdgeValue>> failing = part -> left[0]-- > 0 && fails.test(Set.copyOf(part));
    List<EdgeValue> suspects = edges.stream()
        .sorted(Comparator.comparing(EdgeValue::table).thenComparing(EdgeValue::column)).toList();
    int parts = 2;
    while (suspects.size() > 1 && left[0] > 0) {
      Optional<List<EdgeValue>> smaller = smaller(suspects, parts, failing);
      if (smaller.isPresent()) {
        parts = smaller.get().size() < suspects.size() / 2 ? 2 : Math.max(parts - 1, 2);
        suspects = smaller.get();
      } else if (parts < suspects.size()) {
        parts = Math.min(suspects.size(), parts * 2);
      } else {
        break;
      }
    }
    return List.copyOf(suspects);
  }

  /** A part that fails alone, else the rest without a part that fails without it. */
  private static Optional<List<EdgeValue>> smaller(List<EdgeValue> suspects, int parts,
      Predicate<List<EdgeValue>> failing) {
    List<List<EdgeValue>> split = split(suspects, parts);
    Optional<List<EdgeValue>> part = split.stream().filter(failing).findFirst();
    if (part.isPresent() || parts == 2) {
      return part;
    }
    return split.stream().map(p -> without(suspects, p)).filter(failing).findFirst();
  }

  private static List<List<EdgeValue>> split(List<EdgeValue> values, int parts) {
    List<List<EdgeValue>> split = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      split.add(values.subList(i * values.size() / parts, (i + 1) * values.size() / parts));
    }
    return split;
  }

  private static List<EdgeValue> without(List<EdgeValue> values, List<EdgeValue> part) {
    List<EdgeValue> rest = new ArrayList<>(values);
    rest.removeAll(part);
    return rest;
  }
}
