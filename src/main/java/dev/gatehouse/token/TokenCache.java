package dev.gatehouse.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tokens already verified, by workspace and the SHA-256 of the token string (never the token itself
 * as a key). A hit is served only while everything that made the token valid still holds: the same
 * provider in the same version answers for its issuer, the key that verified it is still in that
 * provider's (not too stale) keys, and the token has not expired. Entries also leave on their own
 * at the token's {@code exp}.
 */
public final class TokenCache {
  /** Entries live at most this long even for long-lived tokens. */
  private static final Duration MAX_LIFE = Duration.ofMinutes(10);

  private record Key(String workspaceId, byte[] digest) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.workspaceId.equals(workspaceId)
          && Arrays.equals(k.digest, digest);
    }

    @Override
    public int hashCode() {
      return workspaceId.hashCode() * 31 + Arrays.hashCode(digest);
    }
  }

  private record Entry(VerifiedToken token, JWK key) {}

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is always available", e);
            }
          });

  private final Cache<Key, Entry> cache;
  private final Clock clock;
  private final TokenEvents events;

  private TokenCache(Cache<Key, Entry> cache, Clock clock, TokenEvents events) {
    this.cache = cache;
    this.clock = clock;
    this.events = events;
  }

  /**
   * {@code gatehouse.token-cache.max-entries} when not set
   * (docs/configuration.md#cache-of-verified-tokens).
   */
  public static final long DEFAULT_MAX_ENTRIES = 100_000;

  /**
   * Heap an entry holds, measured (bench/results/heap-2026-12-02.md: 10,000 cached Clerk-shaped
   * tokens added ~45 MiB of live heap): the digest, the verified claims and the mapped attributes.
   */
  static final long ENTRY_BYTES = 4_608;

  /**
   * A warning when a full cache of {@code maxEntries} tokens could take more than a quarter of the
   * heap ({@code maxHeapBytes}), naming the size that fits; empty when it fits or the heap has no
   * limit.
   */
  public static Optional<String> sizeWarning(long maxEntries, long maxHeapBytes) {
    if (maxHeapBytes <= 0 || maxHeapBytes == Long.MAX_VALUE) {
      return Optional.empty();
    }
    long fits = maxHeapBytes / 4 / ENTRY_BYTES;
    if (maxEntries <= fits) {
      return Optional.empty();
    }
    long mib = 1024 * 1024;
    return Optional.of(
        "a full cache of "
            + maxEntries
            + " verified tokens could take ~"
            + maxEntries * ENTRY_BYTES / mib
            + " MiB, more than a quarter of the "
            + maxHeapBytes / mib
            + " MiB heap; set gatehouse.token-cache.max-entries to "
            + fits
            + " or less, or give the server more heap");
  }

  /** A cache of at most {@code maxEntries} verified tokens. */
  public static TokenCache of(long maxEntries, Clock clock) {
    return of(maxEntries, clock, TokenEvents.NONE);
  }

  /** A cache of at most {@code maxEntries} verified tokens that reports each lookup's outcome. */
  public static TokenCache of(long maxEntries, Clock clock, TokenEvents events) {
    Cache<Key, Entry> c =
        Caffeine.newBuilder()
            // Upkeep on the calling thread, not ForkJoinPool.commonPool
            // (docs/operations.md#stopping).
            .executor(Runnable::run)
            .maximumSize(maxEntries)
            .expireAfter(
                new Expiry<Key, Entry>() {
                  @Override
                  public long expireAfterCreate(Key k, Entry e, long now) {
                    Duration left =
                        Duration.between(
                            clock.instant(),
                            e.token()
                                .expiresAt()
                                .plusSeconds(e.token().provider().clockSkewSeconds()));
                    return Math.max(0, Math.min(left.toNanos(), MAX_LIFE.toNanos()));
                  }

                  @Override
                  public long expireAfterUpdate(Key k, Entry e, long now, long current) {
                    return expireAfterCreate(k, e, now);
                  }

                  @Override
                  public long expireAfterRead(Key k, Entry e, long now, long current) {
                    return current;
                  }
                })
            .build();
    return new TokenCache(c, clock, events);
  }

  /** No cache: every token is verified in full ({@code gatehouse.token-cache.enabled=false}). */
  public static TokenCache disabled() {
    return new TokenCache(null, null, TokenEvents.NONE); // never looks at the time
  }

  public boolean enabled() {
    return cache != null;
  }

  /** Approximate number of cached tokens. */
  public long size() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  /** The verified token, when it is cached and everything it rested on still holds; else null. */
  VerifiedToken get(String workspaceId, String token, ProviderDirectory providers, KeyCache keys) {
    if (cache == null) {
      return null;
    }
    Key key = new Key(workspaceId, digest(token));
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      events.tokenCacheLookup(false);
      return null;
    }
    TrustedProvider p = e.token().provider();
    Instant now = clock.instant();
    Optional<TrustedProvider> current = providers.byIssuer(workspaceId, p.issuer());
    boolean valid =
        current.isPresent()
            && (current.get() == p || current.get().equals(p))
            && !now.isAfter(e.token().expiresAt().plusSeconds(p.clockSkewSeconds()))
            && keys.of(p).stillTrusts(e.key(), now);
    if (!valid) {
      cache.invalidate(key);
      events.tokenCacheLookup(false);
      return null;
    }
    events.tokenCacheLookup(true);
    return e.token();
  }

  void put(String workspaceId, VerifiedToken token, JWK key) {
    if (cache != null) {
      cache.put(new Key(workspaceId, digest(token.raw())), new Entry(token, key));
    }
  }

  private static byte[] digest(String token) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(token.getBytes(StandardCharsets.US_ASCII));
  }
}
