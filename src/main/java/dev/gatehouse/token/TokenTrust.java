package dev.gatehouse.token;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The application's one token verifier and key cache, built once from configuration (the {@code
 * gatehouse.jwks.*} keys of docs/configuration.md#token-trust).
 */
@ApplicationScoped
public class TokenTrust {
  private static final Logger LOG = Logger.getLogger(TokenTrust.class.getName());

  @Inject Config config;
  @Inject ProviderDirectory providers;
  // Whoever counts what the token layer does (dev.gatehouse.metrics); nothing when none is
  // deployed.
  @Inject Instance<TokenEvents> events;
  // The threads key fetches run on: the container's, ended when the application stops.
  @Inject FetchThreads fetchThreads;

  private TokenSettings settings;
  private KeyCache keys;
  private TokenVerifier verifier;
  private TokenCache tokenCache;

  @PostConstruct
  void init() {
    TokenSettings d = TokenSettings.defaults();
    settings =
        new TokenSettings(
            seconds("gatehouse.jwks.cache-ttl", d.cacheTtl()),
            seconds("gatehouse.jwks.refresh-cooldown", d.refreshCooldown()),
            seconds("gatehouse.jwks.stale-max", d.staleMax()),
            seconds("gatehouse.jwks.connect-timeout", d.connectTimeout()),
            seconds("gatehouse.jwks.fetch-deadline", d.fetchDeadline()),
            config
                .getOptionalValue("gatehouse.jwks.max-bytes", Integer.class)
                .filter(n -> n > 0)
                .orElse(d.maxBytes()),
            config
                .getOptionalValue("gatehouse.dev.allow-http-jwks", Boolean.class)
                .orElse(d.allowHttp()));
    TokenEvents ev = events.isResolvable() ? events.get() : TokenEvents.NONE;
    keys = new KeyCache(settings, Clock.systemUTC(), ev, fetchThreads.executor());
    boolean cached =
        config.getOptionalValue("gatehouse.token-cache.enabled", Boolean.class).orElse(true);
    long maxEntries =
        config
            .getOptionalValue("gatehouse.token-cache.max-entries", Long.class)
            .filter(n -> n > 0)
            .orElse(TokenCache.DEFAULT_MAX_ENTRIES);
    tokenCache = cached ? TokenCache.of(maxEntries, Clock.systemUTC(), ev) : TokenCache.disabled();
    if (cached) {
      TokenCache.sizeWarning(maxEntries, Runtime.getRuntime().maxMemory()).ifPresent(LOG::warning);
    }
    verifier = new TokenVerifier(providers, keys, Clock.systemUTC(), tokenCache);
  }

  /** A duration in seconds; a value below 0 (or 0 where that makes no sense) keeps the default. */
  private Duration seconds(String key, Duration fallback) {
    Optional<Long> v = config.getOptionalValue(key, Long.class);
    boolean zeroOk = key.endsWith("refresh-cooldown");
    if (v.isPresent() && (v.get() < 0 || (v.get() == 0 && !zeroOk))) {
      LOG.severe(
          key
              + " must be "
              + (zeroOk ? "0 or more" : "more than 0")
              + " seconds; using "
              + fallback.toSeconds());
      return fallback;
    }
    return v.map(Duration::ofSeconds).orElse(fallback);
  }

  public TokenSettings settings() {
    return settings;
  }

  public KeyCache keys() {
    return keys;
  }

  /** The cache of verified tokens ({@code gatehouse.token-cache.*}). */
  public TokenCache tokenCache() {
    return tokenCache;
  }

  public TokenVerifier verifier() {
    return verifier;
  }
}
