package dev.gatehouse.token;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The keys of every provider, per (workspace, provider): never shared between providers, and
 * started afresh when a provider changes version or is removed. Fetches run on an executor it is
 * given and never owns: {@link FetchThreads} in the application (container threads that end with
 * it, docs/operations.md#stopping), a plain one a unit test shuts down itself.
 */
public final class KeyCache {
  private final TokenSettings settings;
  private final JwksFetcher fetcher;
  private final Clock clock;
  private final TokenEvents events;
  private final Executor executor;
  private final Map<String, ProviderKeys> byProvider = new ConcurrentHashMap<>();

  /** A key cache whose fetches run on {@code executor}. */
  public KeyCache(TokenSettings settings, Clock clock, Executor executor) {
    this(settings, clock, TokenEvents.NONE, executor);
  }

  /** A key cache that reports every fetch to {@code events}; fetches run on {@code executor}. */
  public KeyCache(TokenSettings settings, Clock clock, TokenEvents events, Executor executor) {
    this(settings, clock, events, new JwksFetcher(settings, executor), executor);
  }

  /**
   * A key cache that fetches with {@code fetcher}; background refreshes and first fetches run on
   * {@code executor}.
   */
  KeyCache(
      TokenSettings settings,
      Clock clock,
      TokenEvents events,
      JwksFetcher fetcher,
      Executor executor) {
    this.settings = settings;
    this.fetcher = fetcher;
    this.clock = clock;
    this.events = events;
    this.executor = executor;
  }

  public TokenSettings settings() {
    return settings;
  }

  /** The keys of this version of the provider (a new version starts with an empty cache). */
  public ProviderKeys of(TrustedProvider provider) {
    String key = key(provider.workspaceId(), provider.id());
    ProviderKeys keys = byProvider.get(key);
    if (keys != null && (keys.provider() == provider || keys.provider().equals(provider))) {
      return keys;
    }
    return byProvider.compute(
        key,
        (k, old) ->
            old != null && old.provider().equals(provider)
                ? old
                : new ProviderKeys(provider, settings, fetcher, executor, clock, events));
  }

  /** What is cached for this version of the provider, without starting anything. */
  public ProviderKeys.Snapshot peek(TrustedProvider provider) {
    ProviderKeys keys = byProvider.get(key(provider.workspaceId(), provider.id()));
    return keys != null && keys.provider().equals(provider)
        ? keys.snapshot()
        : ProviderKeys.Snapshot.EMPTY;
  }

  /**
   * Starts fetching a provider's keys again in the background, whatever the cool-down, when any are
   * cached (another node was asked to refresh them: the provider rotated its keys). Keys not cached
   * here are fetched when first needed anyway.
   */
  public void refreshIfCached(String workspaceId, String providerId) {
    ProviderKeys keys = byProvider.get(key(workspaceId, providerId));
    if (keys != null) {
      keys.refreshSoon();
    }
  }

  /** How many provider versions have keys (or a first fetch) held here. */
  public int providerCount() {
    return byProvider.size();
  }

  /** How many keys are held here, over all providers (a walk over the providers: not per check). */
  public int keyCount() {
    int n = 0;
    for (ProviderKeys k : byProvider.values()) {
      n += k.snapshot().keys().size();
    }
    return n;
  }

  /** Forgets a provider's keys (it was changed or deleted). */
  public void evict(String workspaceId, String providerId) {
    byProvider.remove(key(workspaceId, providerId));
  }

  private static String key(String workspaceId, String providerId) {
    return workspaceId + "\u0000" + providerId;
  }
}
