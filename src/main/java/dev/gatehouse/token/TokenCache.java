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

  /** The most entries the default allows, on a large heap. */
  static final long DEFAULT_MAX_ENTRIES = 100_000;

  /**
   * Heap an entry holds, measured (bench/results/heap-2026-12-02.md: 10,000 cached Clerk-shaped
   * tokens added ~45 MiB of live heap): the digest, the verified claims and the mapped attributes.
   */
  static final long ENTRY_BYTES = 4_608;

  /**
   * The default {@code gatehouse.token-cache.max-entries}: as many tokens as fit in a quarter of
   * the heap ({@code maxHeapBytes}), between 1,000 and {@link #DEFAULT_MAX_ENTRIES}. A 256 MiB heap
   * keeps 14,563 tokens (~64 MiB); 1.75 GiB and more keep 100,000.
   */
  public static long defaultMaxEntries(long maxHeapBytes) {
    if (maxHeapBytes <= 0 || maxHeapBytes == Long.MAX_VALUE) {
      return DEFAULT_MAX_ENTRIES;
    }
    return Math.max(1_000, Math.min(DEFAULT_MAX_ENTRIES, maxHeapBytes / 4 / ENTRY_BYTES));
  }

  /** A cache of at most {@code maxEntries} verified tokens. */
  public static TokenCache of(long maxEntries, Clock clock) {
    return of(maxEntries, clock, TokenEvents.NONE);
  }

  /** A cache of at most {@code maxEntries} verified tokens that reports each lookup's outcome. */
  public static TokenCache of(long maxEntries, Clock clock, TokenEvents events) {
    Cache<Key, Entry> c =
        Caffeine.newBuilder()
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
    return new TokenCache(null, Clock.systemUTC(), TokenEvents.NONE);
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
