package dev.gatehouse.token;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;

/**
 * The token-trust tuning of docs/configuration.md#token-trust, read once from configuration ({@link
 * #from}).
 *
 * @param cacheTtl how long fetched keys are fresh ({@code gatehouse.jwks.cache-ttl}, seconds,
 *     default 300)
 * @param refreshCooldown at most one refresh per provider per this long when an unknown {@code kid}
 *     appears, and between attempts after a failure ({@code gatehouse.jwks.refresh-cooldown},
 *     seconds, default 30; 0: no cool-down)
 * @param staleMax how long the last good keys keep serving while refreshes fail ({@code
 *     gatehouse.jwks.stale-max}, seconds, default 86400)
 * @param connectTimeout TCP connect timeout of a fetch ({@code gatehouse.jwks.connect-timeout},
 *     seconds, default 2)
 * @param fetchDeadline total time one fetch may take, a slow drip included ({@code
 *     gatehouse.jwks.fetch-deadline}, seconds, default 5)
 * @param maxBytes most bytes read from a JWKS or discovery response ({@code
 *     gatehouse.jwks.max-bytes}, bytes, default 524288)
 * @param allowHttp plain http for non-loopback hosts ({@code gatehouse.dev.allow-http-jwks},
 *     default false; docs/configuration.md#development-switch)
 */
public record TokenSettings(
    Duration cacheTtl,
    Duration refreshCooldown,
    Duration staleMax,
    Duration connectTimeout,
    Duration fetchDeadline,
    int maxBytes,
    boolean allowHttp) {

  /** Which durations a key accepts (docs/configuration.md#token-trust). */
  enum Range {
    /** A whole number of seconds greater than 0. */
    POSITIVE("more than 0"),
    /** 0 or more seconds ({@code refresh-cooldown} only: 0 means no cool-down). */
    ZERO_ALLOWED("0 or more");

    private final String words;

    Range(String words) {
      this.words = words;
    }

    boolean accepts(long seconds) {
      return seconds > 0 || (seconds == 0 && this == ZERO_ALLOWED);
    }
  }

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

  /**
   * Reads the {@code gatehouse.jwks.*} keys and {@code gatehouse.dev.allow-http-jwks} once. A
   * missing key takes its default; so does a duration out of its range (handed to {@code problems}
   * as "… must be more than 0 seconds; using 300") and a {@code max-bytes} below 1 (silently, as
   * docs/configuration.md#token-trust says). A value that is not a number or boolean at all fails
   * the read (the config's own conversion error).
   */
  public static TokenSettings from(Config config, Consumer<String> problems) {
    TokenSettings d = defaults();
    return new TokenSettings(
        seconds(config, "gatehouse.jwks.cache-ttl", Range.POSITIVE, d.cacheTtl, problems),
        seconds(
            config,
            "gatehouse.jwks.refresh-cooldown",
            Range.ZERO_ALLOWED,
            d.refreshCooldown,
            problems),
        seconds(config, "gatehouse.jwks.stale-max", Range.POSITIVE, d.staleMax, problems),
        seconds(
            config, "gatehouse.jwks.connect-timeout", Range.POSITIVE, d.connectTimeout, problems),
        seconds(config, "gatehouse.jwks.fetch-deadline", Range.POSITIVE, d.fetchDeadline, problems),
        config
            .getOptionalValue("gatehouse.jwks.max-bytes", Integer.class)
            .filter(n -> n > 0)
            .orElse(d.maxBytes),
        config
            .getOptionalValue("gatehouse.dev.allow-http-jwks", Boolean.class)
            .orElse(d.allowHttp));
  }

  /** A duration in seconds; a value out of {@code range} keeps the default, and says so. */
  private static Duration seconds(
      Config config, String key, Range range, Duration fallback, Consumer<String> problems) {
    Optional<Long> v = config.getOptionalValue(key, Long.class);
    if (v.isEmpty()) {
      return fallback;
    }
    if (!range.accepts(v.get())) {
      problems.accept(key + " must be " + range.words + " seconds; using " + fallback.toSeconds());
      return fallback;
    }
    return Duration.ofSeconds(v.get());
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
