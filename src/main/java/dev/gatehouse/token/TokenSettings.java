package dev.gatehouse.token;

import java.time.Duration;

/**
 * The token-trust tuning of docs/configuration.md#token-trust, read once from configuration.
 *
 * @param cacheTtl how long fetched keys are fresh ({@code gatehouse.jwks.cache-ttl}, seconds,
 *     default 300)
 * @param refreshCooldown at most one refresh per provider per this long when an unknown {@code kid}
 *     appears, and between attempts after a failure ({@code gatehouse.jwks.refresh-cooldown},
 *     seconds, default 30)
 * @param staleMax how long the last good keys keep serving while refreshes fail ({@code
 *     gatehouse.jwks.stale-max}, seconds, default 86400)
 * @param connectTimeout TCP connect timeout of a fetch ({@code gatehouse.jwks.connect-timeout},
 *     seconds, default 2)
 * @param fetchDeadline total time one fetch may take, a slow drip included ({@code
 *     gatehouse.jwks.fetch-deadline}, seconds, default 5)
 * @param maxBytes most bytes read from a JWKS or discovery response ({@code
 *     gatehouse.jwks.max-bytes}, bytes, default 524288)
 * @param allowHttp plain http for non-loopback hosts ({@code gatehouse.dev.allow-http-jwks},
 *     default false)
 */
public record TokenSettings(
    Duration cacheTtl,
    Duration refreshCooldown,
    Duration staleMax,
    Duration connectTimeout,
    Duration fetchDeadline,
    int maxBytes,
    boolean allowHttp) {

  /** The defaults of docs/configuration.md#token-trust (and #development-switch). */
  public static TokenSettings defaults() {
    return new TokenSettings(
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofHours(24),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        512 * 1024,
        false);
  }

  /** A copy with other refresh timings, for tests. */
  public TokenSettings withTimings(Duration ttl, Duration cooldown, Duration stale) {
    return new TokenSettings(
        ttl, cooldown, stale, connectTimeout, fetchDeadline, maxBytes, allowHttp);
  }

  /** A copy with other fetch limits, for tests. */
  public TokenSettings withFetchLimits(Duration connect, Duration deadline, int bytes) {
    return new TokenSettings(
        cacheTtl, refreshCooldown, staleMax, connect, deadline, bytes, allowHttp);
  }
}
