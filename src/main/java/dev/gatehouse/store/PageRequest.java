package dev.gatehouse.store;

/**
 * Where a page of a list starts and how long it is, as the stores query it (keyset paging on the
 * time-ordered id). Reading it from a request's {@code ?cursor=} and {@code ?limit=} is the web
 * layer's business (docs/api.md#paging).
 *
 * @param afterId the id of the last item of the previous page, or null for the first page
 * @param limit how many items at most (1 to {@value #MAX_LIMIT})
 */
public record PageRequest(String afterId, int limit) {
  /** The longest page a store returns. */
  public static final int MAX_LIMIT = 500;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " items: " + limit);
    }
  }

  /** The first page, {@code limit} items long. */
  public static PageRequest first(int limit) {
    return new PageRequest(null, limit);
  }

  /** The page that follows {@code page} (which must not be the last), as long as this one. */
  public PageRequest next(Page<?> page) {
    if (page.nextAfter() == null) {
      throw new IllegalArgumentException("the last page has no next page");
    }
    return new PageRequest(page.nextAfter(), limit);
  }
}
