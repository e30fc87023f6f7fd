package dev.gatehouse.token;

import org.eclipse.microprofile.config.Config;

/**
 * The cache of verified tokens (docs/configuration.md#cache-of-verified-tokens), read once from
 * configuration ({@link #from}).
 *
 * @param enabled whether verified tokens are kept ({@code gatehouse.token-cache.enabled}, default
 *     true; false: every check verifies the signature)
 * @param maxEntries most tokens kept per server ({@code gatehouse.token-cache.max-entries}, count,
 *     default 100,000; 0 or less keeps the default)
 */
public record TokenCacheSettings(boolean enabled, long maxEntries) {

  public TokenCacheSettings {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("gatehouse.token-cache.max-entries must be at least 1");
    }
  }

  /** The defaults of docs/configuration.md#cache-of-verified-tokens. */
  public static TokenCacheSettings defaults() {
    return new TokenCacheSettings(true, TokenCache.DEFAULT_MAX_ENTRIES);
  }

  /**
   * Reads the {@code gatehouse.token-cache.*} keys once; a missing key, or a {@code max-entries} of
   * 0 or less, takes its default.
   */
  public static TokenCacheSettings from(Config config) {
    TokenCacheSettings d = defaults();
    return new TokenCacheSettings(
        config.getOptionalValue("gatehouse.token-cache.enabled", Boolean.class).orElse(d.enabled),
        config
            .getOptionalValue("gatehouse.token-cache.max-entries", Long.class)
            .filter(n -> n > 0)
            .orElse(d.maxEntries));
  }
}
