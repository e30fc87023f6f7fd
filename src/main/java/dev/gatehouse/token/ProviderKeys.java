package dev.gatehouse.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.gatehouse.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The signing keys of one provider (one version of it): fetched from its JWKS, cached for the TTL,
 * refreshed when an unknown {@code kid} appears at most once per cool-down, kept through an outage
 * for the stale maximum, and fetched once for any number of concurrent callers.
 */
public final class ProviderKeys {

  /** What was last fetched, and how the last attempt went. */
  public record Snapshot(
      List<JWK> keys,
      Instant keysFetchedAt,
      Instant lastAttemptAt,
      String lastError,
      boolean lastFetchSucceeded,
      String jwksUri) {
    static final Snapshot EMPTY = new Snapshot(List.of(), null, null, null, false, null);

    boolean hasKeys() {
      return keysFetchedAt != null;
    }

    /**
     * {@code not_fetched}, {@code failing} (the last fetch failed; cached keys may still serve),
     * {@code stale} (older than the TTL) or {@code fresh}.
     */
    public String state(Instant now, Duration ttl) {
      if (lastAttemptAt == null) {
        return "not_fetched";
      }
      if (!lastFetchSucceeded) {
        return "failing";
      }
      return now.isAfter(keysFetchedAt.plus(ttl)) ? "stale" : "fresh";
    }
  }

  private final TrustedProvider provider;
  private final TokenSettings settings;
  private final JwksFetcher fetcher;
  private final Executor executor;
  private final Clock clock;
  private final TokenEvents events;
  private final Object lock = new Object();
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private CompletableFuture<Snapshot> inFlight;
  private Instant lastStartedAt;

  public ProviderKeys(
      TrustedProvider provider,
      TokenSettings settings,
      JwksFetcher fetcher,
      Executor executor,
      Clock clock) {
    this(provider, settings, fetcher, executor, clock, TokenEvents.NONE);
  }

  /** Keys that report the outcome of every fetch to {@code events}. */
  public ProviderKeys(
      TrustedProvider provider,
      TokenSettings settings,
      JwksFetcher fetcher,
      Executor executor,
      Clock clock,
      TokenEvents events) {
    this.provider = provider;
    this.settings = settings;
    this.fetcher = fetcher;
    this.executor = executor;
    this.clock = clock;
    this.events = events;
  }

  public TrustedProvider provider() {
    return provider;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * The usable keys for a token with this {@code kid} (null: the token has none) and {@code alg}.
   *
   * @throws TokenFailure {@code unknown_key} when the last fetch succeeded and no usable key
   *     matches; {@code jwks_unavailable} when keys cannot be had
   */
  public List<JWK> keysFor(String kid, JWSAlgorithm alg) {
    Instant now = clock.instant();
    Snapshot s = snapshot;
    List<JWK> found = usable(s, kid, alg, now);
    if (!found.isEmpty()) {
      if (now.isAfter(s.keysFetchedAt().plus(settings.cacheTtl()))) {
        refreshInBackground(now);
      }
      return found;
    }
    CompletableFuture<Snapshot> fetch = joinOrStartUnlessCoolingDown(now);
    s = fetch != null ? await(fetch) : snapshot;
    found = usable(s, kid, alg, clock.instant());
    if (!found.isEmpty()) {
      return found;
    }
    if (s.lastFetchSucceeded()) {
      throw TokenFailure.invalid("unknown_key", noKeyReason(s, kid, alg));
    }
    throw TokenFailure.keysUnavailable(
        "the keys of provider '"
            + provider.name()
            + "' cannot be fetched"
            + (s.lastError() == null ? "" : ": " + s.lastError()),
        retryAfterSeconds(clock.instant()));
  }

  /**
   * True while {@code key} is still among this provider's keys and those keys are not older than
   * the stale maximum: what a cached verification rests on.
   */
  public boolean stillTrusts(JWK key, Instant now) {
    Snapshot s = snapshot;
    if (s.hasKeys() && now.isAfter(s.keysFetchedAt().plus(settings.cacheTtl()))) {
      refreshInBackground(now); // cached tokens too follow the provider's keys within the TTL
    }
    return s.hasKeys()
        && now.isBefore(s.keysFetchedAt().plus(settings.staleMax()))
        && holds(s.keys(), key);
  }

  /** Whether {@code keys} holds {@code key}: the same instance at once, else an equal key. */
  private static boolean holds(java.util.List<JWK> keys, JWK key) {
    for (JWK k : keys) {
      if (k == key) {
        return true;
      }
    }
    return keys.contains(key);
  }

  /** Fetches now, whatever the cool-down, and waits for the outcome (admin "refresh now"). */
  public Snapshot refreshNow() {
    return refreshAndWait(clock.instant());
  }

  /**
   * Starts a fetch now, whatever the cool-down, without waiting for it; when one is in flight
   * (possibly started before the provider rotated its keys), another follows it.
   */
  public void refreshSoon() {
    synchronized (lock) {
      if (inFlight == null) {
        start(clock.instant());
        return;
      }
      CompletableFuture<Snapshot> running = inFlight;
      running.whenComplete(
          (s, e) -> {
            synchronized (lock) {
              if (inFlight == null || inFlight == running) {
                start(clock.instant());
              }
            }
          });
    }
  }

  /**
   * Joins the fetch in flight, or starts one when the cool-down is over; null while cooling down.
   * Decided under one lock, so that no second fetch can start inside a cool-down.
   */
  private CompletableFuture<Snapshot> joinOrStartUnlessCoolingDown(Instant now) {
    synchronized (lock) {
      if (inFlight != null) {
        return inFlight;
      }
      if (lastStartedAt == null || !now.isBefore(lastStartedAt.plus(settings.refreshCooldown()))) {
        return start(now);
      }
      return null;
    }
  }

  private long retryAfterSeconds(Instant now) {
    synchronized (lock) {
      if (lastStartedAt == null) {
        return 1;
      }
      long left = Duration.between(now, lastStartedAt.plus(settings.refreshCooldown())).toSeconds();
      return Math.max(1, left + 1);
    }
  }

  private void refreshInBackground(Instant now) {
    synchronized (lock) {
      if (inFlight == null
          && (lastStartedAt == null
              || !now.isBefore(lastStartedAt.plus(settings.refreshCooldown())))) {
        start(now);
      }
    }
  }

  private Snapshot refreshAndWait(Instant now) {
    CompletableFuture<Snapshot> f;
    synchronized (lock) {
      f = inFlight != null ? inFlight : start(now);
    }
    return await(f);
  }

  private Snapshot await(CompletableFuture<Snapshot> f) {
    long waitMs = settings.fetchDeadline().toMillis() * 2 + 1000;
    try {
      return f.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return snapshot;
    } catch (ExecutionException | TimeoutException e) {
      return snapshot;
    }
  }

  /**
   * Starts one fetch; the caller holds {@code lock}. An executor that takes no task (the
   * application is stopping) makes a failed fetch: the keys cached so far, or none (a 503).
   */
  private CompletableFuture<Snapshot> start(Instant now) {
    lastStartedAt = now;
    CompletableFuture<Snapshot> f;
    try {
      f = CompletableFuture.supplyAsync(this::fetchOnce, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
    inFlight = f;
    f.whenComplete(
        (s, e) -> {
          synchronized (lock) {
            if (inFlight == f) {
              inFlight = null;
            }
          }
        });
    return f;
  }

  private Snapshot fetchOnce() {
    Snapshot before = snapshot;
    Instant attempt = clock.instant();
    String uri = null;
    Snapshot after;
    try {
      String text;
      if (provider.usesDiscovery()) {
        uri = discoverJwksUri();
        text = fetcher.fetchDiscovered(uri, provider.issuer());
      } else {
        uri = provider.keyLocationHint();
        // A local file is read only when configuration named it as this provider's JWKS.
        boolean fileAllowed = provider.readOnly() && uri.equals(provider.jwksUri());
        text = fetcher.fetch(uri, fileAllowed);
      }
      JWKSet set = JWKSet.parse(text);
      after = new Snapshot(List.copyOf(set.getKeys()), attempt, attempt, null, true, uri);
    } catch (JwksFetcher.FetchException e) {
      after = failed(before, attempt, e.getMessage(), uri);
    } catch (java.text.ParseException | RuntimeException e) {
      after =
          failed(
              before,
              attempt,
              "the JWKS at " + uri + " is not a valid JWK set: " + e.getMessage(),
              uri);
    }
    snapshot = after;
    events.keysFetched(provider, after.lastFetchSucceeded());
    return after;
  }

  private Snapshot failed(Snapshot before, Instant attempt, String error, String uri) {
    boolean keep =
        before.hasKeys() && attempt.isBefore(before.keysFetchedAt().plus(settings.staleMax()));
    return new Snapshot(
        keep ? before.keys() : List.of(),
        keep ? before.keysFetchedAt() : null,
        attempt,
        error,
        false,
        uri != null ? uri : before.jwksUri());
  }

  private String discoverJwksUri() throws JwksFetcher.FetchException {
    String url = provider.discoveryUri();
    JsonObject doc;
    try {
      JsonValue v = Json.parse(fetcher.fetch(url));
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new JwksFetcher.FetchException(
            "the discovery document at " + url + " is not a JSON object");
      }
      doc = v.asJsonObject();
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new JwksFetcher.FetchException(
          "the discovery document at " + url + " is not valid JSON");
    }
    JsonValue issuer = doc.get("issuer");
    if (!(issuer instanceof JsonString s) || !s.getString().equals(provider.issuer())) {
      throw new JwksFetcher.FetchException(
          "the discovery document at " + url + " names another issuer: " + issuer);
    }
    JsonValue jwks = doc.get("jwks_uri");
    if (!(jwks instanceof JsonString j)) {
      throw new JwksFetcher.FetchException("the discovery document at " + url + " has no jwks_uri");
    }
    return j.getString();
  }

  private List<JWK> usable(Snapshot s, String kid, JWSAlgorithm alg, Instant now) {
    if (!s.hasKeys() || !now.isBefore(s.keysFetchedAt().plus(settings.staleMax()))) {
      return List.of();
    }
    List<JWK> out = new ArrayList<>();
    for (JWK k : s.keys()) {
      if ((kid == null || kid.equals(k.getKeyID())) && isUsable(k, alg)) {
        out.add(k);
      }
    }
    if (kid == null && out.size() != 1) {
      return List.of();
    }
    return out;
  }

  /**
   * docs/api.md#usable-keys: never a symmetric key, an encryption key, a short RSA key or another
   * alg's key.
   */
  static boolean isUsable(JWK key, JWSAlgorithm alg) {
    if (key.getKeyType() == KeyType.OCT || KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
      return false;
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
      return false;
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return key instanceof RSAKey rsa && rsa.size() >= 2048;
    }
    if (JWSAlgorithm.Family.EC.contains(alg)) {
      return key instanceof ECKey ec
          && Curve.forJWSAlgorithm(alg) != null
          && Curve.forJWSAlgorithm(alg).contains(ec.getCurve());
    }
    if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
      return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }
    return false;
  }

  private String noKeyReason(Snapshot s, String kid, JWSAlgorithm alg) {
    if (kid == null) {
      long n = s.keys().stream().filter(k -> isUsable(k, alg)).count();
      return "the token has no 'kid' and provider '"
          + provider.name()
          + "' has "
          + n
          + " usable "
          + alg.getName()
          + " keys (exactly one is needed)";
    }
    boolean present = s.keys().stream().anyMatch(k -> kid.equals(k.getKeyID()));
    return present
        ? "key '"
            + TokenFailure.quote(kid)
            + "' of provider '"
            + provider.name()
            + "' cannot verify "
            + alg.getName()
        : "provider '" + provider.name() + "' has no key '" + TokenFailure.quote(kid) + "'";
  }
}
