package dev.gatehouse.token;

/**
 * Tests reach the verifier through its production entry point, {@link TokenVerifier#check} (the one
 * the check path calls): the verified token, or the failure thrown as the check path throws it.
 */
final class Verifying {
  private Verifying() {}

  /** The verified token; its {@link TokenFailure} thrown when it cannot be trusted. */
  static VerifiedToken trusted(TokenVerifier verifier, String workspaceId, String token) {
    TokenVerifier.Inspection i = verifier.check(workspaceId, token);
    if (!i.valid()) {
      throw i.failure();
    }
    return i.verified();
  }
}
