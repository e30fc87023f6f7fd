package dev.gatehouse.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, in id (creation) order.
 *
 * @param items the items of this page
 * @param nextAfter the id the next page starts after (its last item's), or null on the last page;
 *     the web layer turns it into the opaque {@code nextCursor} (docs/api.md#paging)
 */
public record Page<T>(List<T> items, String nextAfter) {

  public Page {
    items = List.copyOf(items);
  }

  /** The same page with its items converted. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), nextAfter);
  }
}
