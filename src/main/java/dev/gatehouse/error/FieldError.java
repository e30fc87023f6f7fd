package dev.gatehouse.error;

/**
 * One problem with a request body, located by an RFC 6901 JSON pointer.
 *
 * @param pointer where in the request body the problem is, e.g. {@code
 *     /specification/rules/1/conditions/0/function}; {@code ""} means the whole body
 * @param message what is wrong, in words a person understands
 */
public record FieldError(String pointer, String message) {

  /** Escapes one reference token for use in a JSON pointer (RFC 6901 §3). */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
