package dev.gatehouse.token;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The application's one token verifier and key cache, built once from configuration ({@link
 * TokenSettings}: the {@code gatehouse.jwks.*} keys of docs/configuration.md#token-trust; {@link
 * TokenCacheSettings}: docs/configuration.md#cache-of-verified-tokens).
 */
@ApplicationScoped
public class TokenTrust {
  private static final Logger LOG = Logger.getLogger(TokenTrust.class.getName());

  @Inject Config config;
  @Inject ProviderDirectory providers;
  // Whoever counts what the token layer does (dev.gatehouse.metrics); nothing when none is
  // deployed.
  @Inject Instance<TokenEvents> events;
  // The application's one clock (dev.gatehouse.store.ClockAndIds), as the decision path's.
  @Inject Clock clock;
  // The threads key fetches run on: the container's, ended when the application stops.
  @Inject FetchThreads fetchThreads;

  private TokenSettings settings;
  private KeyCache keys;
  private TokenVerifier verifier;
  private TokenCache tokenCache;

  @PostConstruct
  void init() {
    settings = TokenSettings.from(config, LOG::severe);
    TokenCacheSettings tokenCacheSettings = TokenCacheSettings.from(config);
    TokenEvents ev = events.isResolvable() ? events.get() : TokenEvents.NONE;
    keys = new KeyCache(settings, clock, ev, fetchThreads.executor());
    long maxEntries = tokenCacheSettings.maxEntries();
    tokenCache =
        tokenCacheSettings.enabled() ? TokenCache.of(maxEntries, clock, ev) : TokenCache.disabled();
    if (tokenCacheSettings.enabled()) {
      TokenCache.sizeWarning(maxEntries, Runtime.getRuntime().maxMemory()).ifPresent(LOG::warning);
    }
    verifier = new TokenVerifier(providers, keys, clock, tokenCache);
  }

  /**
   * The token-trust settings, read once at start: the admin API and configured providers take
   * {@code gatehouse.dev.allow-http-jwks} from here too (docs/configuration.md#development-switch).
   */
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
