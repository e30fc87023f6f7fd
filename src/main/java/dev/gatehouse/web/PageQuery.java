package dev.gatehouse.web;

import dev.gatehouse.admin.ConfiguredProviders;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The admin lists' {@code ?cursor=} and {@code ?limit=} (docs/api.md#paging): read into the plain
 * {@link PageRequest} the stores query with, and the opaque {@code nextCursor} made from the id a
 * page ends with. A cursor is the base64url of an item's id: a stored id (a UUID) or a configured
 * provider's {@code cfg-} id.
 */
final class PageQuery {
  /** The page length when {@code ?limit=} is not given. */
  static final int DEFAULT_LIMIT = 50;

  /** The longest page a caller may ask for. */
  static final int MAX_LIMIT = PageRequest.MAX_LIMIT;

  /** What a cursor may decode to: the ids this server hands out. */
  private static final Pattern ID =
      Pattern.compile(
          "[0-9a-f-]{36}|" + Pattern.quote(ConfiguredProviders.ID_PREFIX) + "[a-z0-9-]{1,80}");

  private PageQuery() {}

  /**
   * Reads the {@code ?cursor=} and {@code ?limit=} query parameters (the limit first).
   *
   * @throws ValidationException when the limit is not 1–500 or the cursor was not made by us
   */
  static PageRequest parse(String cursor, String limit) {
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
      if (after == null || !ID.matcher(after).matches()) {
        throw new ValidationException(
            "", "query parameter 'cursor' is not a cursor this server gave out");
      }
    }
    return new PageRequest(after, n);
  }

  /** What a cursor of a version list decodes to: the version number the next page starts below. */
  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

  /**
   * Reads {@code ?cursor=} and {@code ?limit=} of a version list
   * (docs/api.md#versions-and-rollback): as {@link #parse}, but the cursor names a version number.
   */
  static PageRequest parseVersions(String cursor, String limit) {
    PageRequest first = parse(null, limit);
    if (cursor == null || cursor.isEmpty()) {
      return first;
    }
    String after;
    try {
      after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      after = null;
    }
    if (after == null || !VERSION.matcher(after).matches()) {
      throw new ValidationException(
          "", "query parameter 'cursor' is not a cursor this server gave out");
    }
    return new PageRequest(after, first.limit());
  }

  /** The {@code nextCursor} of a page that ends with the item {@code lastId}; null for none. */
  static String cursorAfter(String lastId) {
    return lastId == null
        ? null
        : Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }
}
