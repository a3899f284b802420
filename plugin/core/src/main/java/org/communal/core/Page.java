package org.communal.core;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list.
 *
 * @param items the items on this page, in list order
 * @param total how many items the whole list holds
 * @param request the page that was asked for
 */
public record Page<T>(List<T> items, long total, PageRequest request) {
  public Page {
    items = List.copyOf(items);
  }

  /** Whether a page follows this one. */
  public boolean hasNext() {
    return request.start() + items.size() < total;
  }

  /** Whether a page comes before this one. */
  public boolean hasPrevious() {
    return request.start() > 0;
  }

  /** The same page with each item converted. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), total, request);
  }
}
