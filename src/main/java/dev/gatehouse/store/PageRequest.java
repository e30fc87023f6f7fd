package dev.gatehouse.store;

import dev.gatehouse.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page starts and how long it is.
 *
 * @param afterId the id of the last item of the previous page, or null for the first page
 * @param limit how many items at most (1–500)
 */
public record PageRequest(String afterId, int limit) {
  /** The page length when {@code ?limit=} is not given. */
  public static final int DEFAULT_LIMIT = 50;

  /** The longest page a caller may ask for. */
  public static final int MAX_LIMIT = 500;

  /** The cursor of the page that follows the item with this id. */
  public static String cursorAfter(String id) {
    return JpaPaging.encodeCursor(id);
  }

  /**
   * Reads the {@code ?cursor=} and {@code ?limit=} query parameters.
   *
   * @throws ValidationException when the limit is not 1–500 or the cursor was not made by us
   */
  public static PageRequest of(String cursor, String limit) {
    int n = DEFAULT_LIMIT;
    if (limit != null && !limit.isEmpty()) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_LIMIT) {
        throw new ValidationException(
            "", "query parameter 'limit' must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    String after = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        after = null;
      }
      if (after == null || !after.matches("[0-9a-f-]{36}|cfg-[a-z0-9-]{1,80}")) {
        throw new ValidationException(
            "", "query parameter 'cursor' is not a cursor this server gave out");
      }
    }
    return new PageRequest(after, n);
  }
}
