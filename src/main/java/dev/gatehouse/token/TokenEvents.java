package dev.gatehouse.token;

/**
 * What the token layer reports as it works, for whoever counts it (the metrics): called on the
 * check path and on the key-fetch threads, so an implementation must be cheap and must not throw.
 */
public interface TokenEvents {
  /** Reports nothing. */
  TokenEvents NONE = new TokenEvents() {};

  /**
   * One fetch of a provider's keys ended (discovery and JWKS count as one fetch).
   *
   * @param ok false when it failed (cached keys may still serve; see {@link ProviderKeys})
   */
  default void keysFetched(TrustedProvider provider, boolean ok) {}

  /** One lookup in the cache of verified tokens: answered from it (true) or not (false). */
  default void tokenCacheLookup(boolean hit) {}
}
