package dev.gatehouse.check;

/**
 * What the decision path reports as it works, for whoever counts it (the metrics, docs/metrics.md):
 * called on every check, so an implementation must be cheap and must not throw. The sources are the
 * audit log's ({@code check}, {@code batch}, {@code interceptor}).
 */
public interface CheckEvents {
  /** One decision of the engine, with its reason (docs/api.md#reasons). */
  void decided(String source, boolean allowed, String reason);

  /**
   * One token refused before any decision (401, 413 or 503), with its code
   * (docs/api.md#token-codes).
   */
  void refused(String source, String code);

  /** The time one check call took, successful or not. */
  void timed(String source, long nanos);
}
