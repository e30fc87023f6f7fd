package dev.gatehouse.token;

/**
 * Why a token cannot be trusted, with the stable code of CONTRACT §6 and a one-line reason.
 *
 * <p>A failing token is an authentication error (401), never a deny; a key-source outage is not the
 * token's fault (503 {@code jwks_unavailable}); an oversized token is 413. These are kept apart by
 * {@link #status()}.
 */
public class TokenFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final long retryAfterSeconds;

  private TokenFailure(String code, int status, String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A token that is not trusted (401). */
  public static TokenFailure invalid(String code, String detail) {
    return new TokenFailure(code, 401, detail, 0);
  }

  /** A token over the size limit (413 {@code payload_too_large}). */
  public static TokenFailure tooLarge(String detail) {
    return new TokenFailure("payload_too_large", 413, detail, 0);
  }

  /** The provider's keys cannot be had (503 {@code jwks_unavailable}). */
  public static TokenFailure keysUnavailable(String detail, long retryAfterSeconds) {
    return new TokenFailure("jwks_unavailable", 503, detail, Math.max(1, retryAfterSeconds));
  }

  /** The §6 code, e.g. {@code token_expired}. */
  public String code() {
    return code;
  }

  /** The HTTP status: 401, 413 or 503. */
  public int status() {
    return status;
  }

  /** For 503: seconds after which a retry may succeed; else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The one-line human reason. */
  public String detail() {
    return getMessage();
  }
}
