package dev.gatehouse.admin;

/**
 * What the admin sign-in reports for metrics (docs/metrics.md): each password-hash computation and
 * each refusal. The metrics package implements it; without it nothing is reported.
 */
public interface SignInEvents {
  /** Reports nothing. */
  SignInEvents NONE = new SignInEvents() {};

  /** One PBKDF2 check of a presented password against the stored hash was made. */
  default void hashChecked() {}

  /** A sign-in was refused: 401 ({@code throttled} false) or 429 ({@code throttled} true). */
  default void refused(boolean throttled) {}
}
