package dev.gatehouse.web;

/**
 * Builds RFC 6750's {@code WWW-Authenticate: Bearer error="invalid_token", error_description="…"}
 * and refuses any description outside RFC 6750 §3's character set (docs/security.md#response-
 * headers-and-public-answers): a response header never carries a byte a strict client rejects.
 */
public final class BearerChallenge {
  private BearerChallenge() {}

  /**
   * The challenge for a refused token.
   *
   * @param description a fixed text (see {@code TokenFailure#publicDetail})
   * @throws IllegalArgumentException when {@code description} is empty or holds a character outside
   *     %x20-21 / %x23-5B / %x5D-7E (no {@code "}, no {@code \}, no control, nothing non-ASCII)
   */
  public static String invalidToken(String description) {
    if (!isValidDescription(description)) {
      throw new IllegalArgumentException(
          "an error_description must be printable ASCII without '\"' or '\\'");
    }
    return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  /** Whether {@code s} is a non-empty RFC 6750 {@code error_description}. */
  public static boolean isValidDescription(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
