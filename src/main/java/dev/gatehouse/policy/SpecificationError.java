package dev.gatehouse.policy;

/**
 * One problem with a policy specification, located by an RFC 6901 JSON pointer. The engine's own
 * type, so that policy/ depends on the JDK only (README.md#project-layout); the admin API turns it
 * into a field error of its problem+json answer (docs/api.md#errors).
 *
 * @param pointer where in the request body the problem is, e.g. {@code
 *     /specification/rules/1/conditions/0/function}
 * @param message what is wrong, in words a person understands
 */
public record SpecificationError(String pointer, String message) {

  /** Escapes one reference token for use in a JSON pointer (RFC 6901 §3). */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
