package dev.gatehouse.client;

/**
 * No decision could be had, so the protected call must not run (docs/client.md#failing-closed):
 * Gatehouse's own 503 {@code jwks_unavailable} (the provider's keys cannot be had), or {@code
 * gatehouse_unavailable} when Gatehouse could not be reached or gave no usable answer (refused or
 * dropped connection, timeout, 5xx, an unexpected status, garbage).
 */
public class GatehouseUnavailableException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  /** The code when Gatehouse itself could not be reached or gave no usable answer. */
  public static final String GATEHOUSE_UNAVAILABLE = "gatehouse_unavailable";

  /** The fixed detail of {@link #GATEHOUSE_UNAVAILABLE}. */
  public static final String DETAIL =
      "the authorization service cannot be reached at the moment; retry later";

  private final int retryAfterSeconds;

  public GatehouseUnavailableException(
      String code, String detail, int retryAfterSeconds, Throwable cause) {
    super(503, code, detail, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds after which a retry makes sense (1–3600): the 503's {@code Retry-After}. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
