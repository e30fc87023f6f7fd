package dev.gatehouse.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, in id (creation) order.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

  /** The same page with its items converted. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), nextCursor);
  }
}
