package dev.gatehouse.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opt-in cache of decisions (docs/client.md#the-decision-cache): one entry per (workspace,
 * token, resource, action, context, ipAddress), kept until the earlier of its time to live and the
 * token's {@code exp}, the least recently used dropped beyond the maximum. It keeps a digest of the
 * token, not the token.
 */
final class DecisionCache {
  /** What makes two checks the same question. */
  record Key(
      String workspace,
      String tokenDigest,
      String resource,
      String action,
      String context,
      String ipAddress) {}

  private record Entry(Decision decision, Instant expires) {}

  private final Duration ttl;
  private final Map<Key, Entry> entries;

  DecisionCache(Duration ttl, int maxEntries) {
    this.ttl = ttl;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  static Key key(
      String workspace,
      String token,
      String resource,
      String action,
      String context,
      String ipAddress) {
    return new Key(workspace, digest(token), resource, action, context, ipAddress);
  }

  /** The cached decision, or null when there is none or it has expired at {@code now}. */
  synchronized Decision get(Key key, Instant now) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.expires)) {
      entries.remove(key);
      return null;
    }
    return e.decision;
  }

  /** Keeps a decision that carries its principal until min(now + ttl, the token's exp). */
  synchronized void put(Key key, Decision decision, Instant now) {
    if (decision.principal() == null || decision.principal().expiresAt() == null) {
      return;
    }
    Instant expires = now.plus(ttl);
    if (decision.principal().expiresAt().isBefore(expires)) {
      expires = decision.principal().expiresAt();
    }
    if (expires.isAfter(now)) {
      entries.put(key, new Entry(decision, expires));
    }
  }

  synchronized int size() {
    return entries.size();
  }

  private static String digest(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
