package dev.gatehouse.token;

/**
 * Reads a token from a header value in RFC 6750's {@code Bearer <token>} form (the scheme in any
 * case, surrounding spaces ignored): the one parser behind the check API's {@code Authorization}
 * header and {@code @ExternalAuthorize}'s headers (docs/api.md#check, docs/annotations.md).
 */
public final class BearerToken {
  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token of a {@code Bearer} value, or null when there is none (another scheme, blank). */
  public static String of(String headerValue) {
    return of(headerValue, false);
  }

  /**
   * The token of a {@code Bearer} value; when {@code bareAllowed}, a value without the scheme is
   * the token itself (a header of its own, {@code mp.jwt.token.header}). Null when there is none.
   */
  public static String of(String headerValue, boolean bareAllowed) {
    if (headerValue == null || headerValue.isBlank()) {
      return null;
    }
    String v = headerValue.trim();
    if (v.length() > SCHEME.length() && v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return v.substring(SCHEME.length()).trim();
    }
    return bareAllowed ? v : null;
  }
}
