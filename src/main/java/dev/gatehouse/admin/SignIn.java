package dev.gatehouse.admin;

/**
 * The outcome of one admin sign-in: accepted, refused (401 {@code unauthorized}) or throttled (429
 * {@code too_many_requests}, retry after {@code retryAfterSeconds}); see docs/api.md#errors.
 */
public record SignIn(Outcome outcome, long retryAfterSeconds) {
  /** What the sign-in came to. */
  public enum Outcome {
    ACCEPTED,
    REFUSED,
    THROTTLED
  }

  static final SignIn ACCEPTED = new SignIn(Outcome.ACCEPTED, 0);
  static final SignIn REFUSED = new SignIn(Outcome.REFUSED, 0);

  static SignIn throttled(long retryAfterSeconds) {
    return new SignIn(Outcome.THROTTLED, Math.max(1, retryAfterSeconds));
  }

  public boolean accepted() {
    return outcome == Outcome.ACCEPTED;
  }
}
