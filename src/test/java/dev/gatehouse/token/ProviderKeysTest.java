package dev.gatehouse.token;

import static dev.gatehouse.token.TestJwt.obj;
import static dev.gatehouse.token.TestJwt.rs256;
import static dev.gatehouse.token.TestJwt.token;
import static dev.gatehouse.token.TestProviders.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md#keys (and #caching-and-refresh): a provider's keys through outages, rotations and
 * floods.
 */
class ProviderKeysTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final String WS = "ws-1";
  static final int MAX_BYTES = 64 * 1024;
  static final Duration TTL = Duration.ofMinutes(5);
  static final Duration COOLDOWN = Duration.ofSeconds(30);
  static final Duration STALE_MAX = Duration.ofHours(1);

  private final List<FakeIdp> idps = new ArrayList<>();
  private MutableClock clock;
  private FakeIdp idp;
  private TestProviders.Directory directory;
  private KeyCache keyCache;
  private TokenVerifier verifier;
  private TrustedProvider clerk;
  // The key cache's fetches run here; shut down after each test (in the application,
  // FetchThreads: the container's threads).
  private final ExecutorService fetches = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    idp = newIdp("idp-key");
    directory = new TestProviders.Directory();
    clerk = provider(idp.baseUrl()).id("clerk-a").jwksUri(idp.jwksUrl()).build();
    directory.add(clerk);
    use(settings(COOLDOWN));
  }

  @AfterEach
  void closeIdps() {
    idps.forEach(FakeIdp::close);
    fetches.shutdownNow();
  }

  private FakeIdp newIdp(String kidPrefix) {
    FakeIdp i = new FakeIdp(kidPrefix);
    idps.add(i);
    return i;
  }

  private static TokenSettings settings(Duration cooldown) {
    return TokenSettings.defaults()
        .withTimings(TTL, cooldown, STALE_MAX)
        .withFetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), MAX_BYTES);
  }

  private void use(TokenSettings settings) {
    keyCache = new KeyCache(settings, clock, fetches);
    verifier = new TokenVerifier(directory, keyCache, clock);
  }

  private String tokenFor(String issuer, RSAKey key, String kid) {
    Map<String, Object> claims =
        obj("iss", issuer, "sub", "user_1", "exp", clock.instant().getEpochSecond() + 60);
    Map<String, Object> header = obj("alg", "RS256");
    if (kid != null) {
      header.put("kid", kid);
    }
    return token(header, claims, rs256(key));
  }

  private String tokenOf(RSAKey key) {
    return tokenFor(idp.baseUrl(), key, key.getKeyID());
  }

  private String tokenWithKid(String kid) {
    return tokenFor(idp.baseUrl(), idp.key(), kid);
  }

  private TokenFailure fails(String token, String code, TokenFailure.Kind kind) {
    return fails(WS, token, code, kind);
  }

  private TokenFailure fails(String workspace, String token, String code, TokenFailure.Kind kind) {
    TokenFailure f =
        assertThrows(TokenFailure.class, () -> Verifying.trusted(verifier, workspace, token));
    assertThat(f.code()).as("code (detail: %s)", f.detail()).isEqualTo(code);
    assertThat(f.kind()).isEqualTo(kind);
    return f;
  }

  private ProviderKeys.Snapshot snapshot() {
    return keyCache.of(clerk).snapshot();
  }

  /** Polls (bounded: 3 s) until {@code condition} holds. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  // ----- outages

  @Test
  void anExecutorThatTakesNoTaskMakesTheKeysUnavailableNotAnError() {
    // What a stopped application's executor does: reject. The check fails closed with a 503.
    fetches.shutdownNow();
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(idp.totalHits()).isZero();
  }

  @Test
  void aFetcherWithoutAThreadSaysSoInsteadOfFetching() {
    fetches.shutdownNow();
    JwksFetcher fetcher = new JwksFetcher(settings(COOLDOWN), fetches);
    JwksFetcher.FetchException e =
        assertThrows(JwksFetcher.FetchException.class, () -> fetcher.fetch(idp.jwksUrl()));
    assertThat(e.getMessage()).contains("no thread to fetch it on");
    assertThat(idp.totalHits()).isZero();
  }

  @Test
  void keepsVerifyingFromAWarmCacheWhileTheIdpIsDown() throws Exception {
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    assertThat(idp.jwksHits()).isEqualTo(1);

    idp.fail();
    clock.advance(TTL.plusSeconds(1)); // the keys are due for a refresh, which fails
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    await("the background refresh", () -> snapshot().lastError() != null);
    assertThat(idp.jwksHits()).isEqualTo(2);
    assertThat(snapshot().lastFetchSucceeded()).isFalse();
    assertThat(snapshot().lastError()).contains("HTTP 500");
    assertThat(snapshot().keys()).hasSize(1);
    assertThat(snapshot().keysFetchedAt()).isEqualTo(NOW);

    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
  }

  @Test
  void answersJwksUnavailableWhenTheIdpIsDownAndTheCacheCold() {
    idp.fail();
    TokenFailure f = fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(f.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
    assertThat(f.detail()).contains("HTTP 500");
    assertThat(snapshot().lastError()).contains("HTTP 500");
    assertThat(idp.jwksHits()).isEqualTo(1);

    // within the cool-down: no new fetch, and Retry-After says how long is left
    clock.advance(Duration.ofSeconds(10));
    TokenFailure again =
        fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(again.retryAfterSeconds()).isBetween(1L, 30L);
    assertThat(idp.jwksHits()).isEqualTo(1);

    // after it, the recovered IdP is asked again
    idp.serveNormally();
    clock.advance(COOLDOWN);
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    assertThat(idp.jwksHits()).isEqualTo(2);
  }

  @Test
  void answersWithinTheFetchDeadlineWhenTheIdpHangs() {
    idp.hang();
    long start = System.nanoTime();
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(millisSince(start)).isLessThan(3000);
    assertThat(snapshot().lastError()).contains("longer than");
  }

  @Test
  void cutsOffASlowDripAtTheFetchDeadline() {
    idp.drip();
    long start = System.nanoTime();
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(millisSince(start)).isLessThan(3000);
    assertThat(snapshot().lastFetchSucceeded()).isFalse();
    assertThat(snapshot().lastError()).contains("longer than");
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  @Test
  void refusesAnOversizedJwks() {
    idp.serveOversized(MAX_BYTES + 1);
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(snapshot().lastError()).contains("more than " + MAX_BYTES + " bytes");

    // exactly the limit is fine
    idp.serveOversized(MAX_BYTES);
    assertThat(keyCache.of(clerk).refreshNow().lastFetchSucceeded()).isTrue();
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
  }

  @Test
  void refusesAJwksThatIsNotJson() {
    idp.serveGarbage();
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(snapshot().lastError()).contains("not a valid JWK set");

    idp.serveNormally();
    idp.serveJwks("{\"keys\":\"not a list\"}");
    assertThat(keyCache.of(clerk).refreshNow().lastError()).contains("not a valid JWK set");
    idp.serveJwks("[]");
    assertThat(keyCache.of(clerk).refreshNow().lastError()).contains("not a valid JWK set");
    fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
  }

  @Test
  void keepsStaleKeysWhileTheIdpFailsUntilStaleMax() throws Exception {
    String t = tokenOf(idp.key());
    Verifying.trusted(verifier, WS, t);
    idp.fail();

    clock.advance(STALE_MAX.minusMinutes(1));
    String later = tokenOf(idp.key());
    Verifying.trusted(verifier, WS, later);
    await("the failed background refresh", () -> snapshot().lastError() != null);
    Verifying.trusted(verifier, WS, later);

    clock.set(NOW.plus(STALE_MAX).plusSeconds(1));
    String expired = tokenOf(idp.key());
    fails(expired, "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(snapshot().keys()).isEmpty();

    idp.serveNormally();
    clock.advance(COOLDOWN);
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
  }

  // ----- unknown kids

  @Test
  void picksUpARotatedKeyAfterTheCoolDown() {
    RSAKey old = idp.key();
    Verifying.trusted(verifier, WS, tokenOf(old));
    RSAKey rotated = idp.rotate();

    // within the cool-down the last fetch stands: the new kid is unknown
    clock.advance(Duration.ofSeconds(5));
    fails(tokenOf(rotated), "unknown_key", TokenFailure.Kind.REJECTED);
    assertThat(idp.jwksHits()).isEqualTo(1);

    clock.advance(COOLDOWN);
    Verifying.trusted(verifier, WS, tokenOf(rotated));
    assertThat(idp.jwksHits()).isEqualTo(2);
    fails(tokenOf(old), "unknown_key", TokenFailure.Kind.REJECTED); // the old key left the JWKS
    assertThat(idp.jwksHits()).isEqualTo(2);
  }

  @Test
  void picksUpARotatedKeyAtOnceWithoutCoolDown() {
    use(settings(Duration.ZERO));
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    RSAKey rotated = idp.rotate();
    Verifying.trusted(verifier, WS, tokenOf(rotated));
    assertThat(idp.jwksHits()).isEqualTo(2);
  }

  @Test
  void aBurstOfRandomKidsFetchesAtMostTwiceAndAnswersUnknownKey() throws Exception {
    int tokens = 50;
    List<String> burst = new ArrayList<>();
    for (int i = 0; i < tokens; i++) {
      burst.add(tokenWithKid("random-" + UUID.randomUUID()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TokenFailure>> answers = new ArrayList<>();
      for (String t : burst) {
        Callable<TokenFailure> call =
            () -> {
              go.await();
              try {
                Verifying.trusted(verifier, WS, t);
                return null;
              } catch (TokenFailure f) {
                return f;
              }
            };
        answers.add(pool.submit(call));
      }
      go.countDown();
      for (Future<TokenFailure> a : answers) {
        TokenFailure f = a.get(10, TimeUnit.SECONDS);
        assertThat(f).isNotNull();
        assertThat(f.code()).as(f.detail()).isEqualTo("unknown_key");
        assertThat(f.kind()).isEqualTo(TokenFailure.Kind.REJECTED);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(idp.jwksHits()).isBetween(1, 2);
    assertThat(snapshot().lastFetchSucceeded()).isTrue();
  }

  @Test
  void concurrentColdRequestsShareOneFetch() throws Exception {
    String t = tokenOf(idp.key());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<VerifiedToken>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return Verifying.trusted(verifier, WS, t);
                }));
      }
      go.countDown();
      for (Future<VerifiedToken> a : answers) {
        assertThat(a.get(10, TimeUnit.SECONDS).subject()).isEqualTo("user_1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(idp.jwksHits()).isBetween(1, 2);
  }

  @Test
  void anUnknownKidAfterAFailedFetchWithinTheCoolDownIsJwksUnavailable() {
    String known = tokenOf(idp.key());
    Verifying.trusted(verifier, WS, known);

    clock.advance(COOLDOWN.plusSeconds(1));
    idp.fail();
    TokenFailure first =
        fails(tokenWithKid("new-kid"), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(first.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
    assertThat(idp.jwksHits()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(5));
    TokenFailure f =
        fails(tokenWithKid("other-kid"), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
    assertThat(f.retryAfterSeconds()).isBetween(1L, 30L);
    assertThat(idp.jwksHits()).isEqualTo(2);

    // the cached kid still verifies
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
  }

  @Test
  void anUnknownKidWithinTheCoolDownAfterASuccessfulFetchIsUnknownKeyWithoutAFetch() {
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    for (int i = 0; i < 10; i++) {
      fails(tokenWithKid("nope-" + i), "unknown_key", TokenFailure.Kind.REJECTED);
    }
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  @Test
  void refreshNowFetchesDespiteTheCoolDown() {
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    RSAKey rotated = idp.rotate();
    ProviderKeys.Snapshot s = keyCache.of(clerk).refreshNow();
    assertThat(idp.jwksHits()).isEqualTo(2);
    assertThat(s.lastFetchSucceeded()).isTrue();
    assertThat(s.keys()).extracting(k -> k.getKeyID()).containsExactly(rotated.getKeyID());
    Verifying.trusted(verifier, WS, tokenOf(rotated));
    assertThat(idp.jwksHits()).isEqualTo(2);
  }

  // ----- where keys come from

  @Test
  void findsAnOidcProvidersKeysThroughDiscovery() {
    for (String type : List.of("oidc", "auth0", "okta")) {
      FakeIdp oidc = newIdp(type);
      oidc.discoveryJwksUri(oidc.url("/keys"));
      oidc.servePath("/keys", oidc.currentJwks());
      TrustedProvider p = provider(oidc.baseUrl()).id("p-" + type).type(type).jwksUri(null).build();
      directory.add(p);

      Verifying.trusted(verifier, WS, tokenFor(oidc.baseUrl(), oidc.key(), oidc.key().getKeyID()));
      assertThat(oidc.discoveryHits()).as(type).isEqualTo(1);
      assertThat(oidc.hits("/keys")).as(type).isEqualTo(1);
      assertThat(oidc.jwksHits()).as(type).isZero();
      assertThat(keyCache.of(p).snapshot().jwksUri()).isEqualTo(oidc.url("/keys"));
    }
  }

  @Test
  void refusesADiscoveryDocumentNamingAnotherIssuer() {
    FakeIdp oidc = newIdp("oidc");
    oidc.discoveryIssuer("https://evil.example.com");
    TrustedProvider p = provider(oidc.baseUrl()).id("oidc").type("oidc").jwksUri(null).build();
    directory.add(p);

    fails(
        tokenFor(oidc.baseUrl(), oidc.key(), oidc.key().getKeyID()),
        "jwks_unavailable",
        TokenFailure.Kind.UNAVAILABLE);
    assertThat(keyCache.of(p).snapshot().lastError()).contains("names another issuer");
    assertThat(oidc.discoveryHits()).isEqualTo(1);
    assertThat(oidc.jwksHits()).isZero();
  }

  @Test
  void comparesTheDiscoveryIssuerExactly() {
    FakeIdp oidc = newIdp("oidc");
    // the provider's issuer has a trailing slash, the document's has none
    String issuer = oidc.baseUrl() + "/";
    TrustedProvider p = provider(issuer).id("oidc").type("oidc").jwksUri(null).build();
    directory.add(p);

    fails(
        tokenFor(issuer, oidc.key(), oidc.key().getKeyID()),
        "jwks_unavailable",
        TokenFailure.Kind.UNAVAILABLE);
    assertThat(keyCache.of(p).snapshot().lastError()).contains("names another issuer");
    assertThat(oidc.jwksHits()).isZero();
  }

  @Test
  void refusesADiscoveredPlainHttpJwksUriOffLoopback() {
    FakeIdp oidc = newIdp("oidc");
    oidc.discoveryJwksUri("http://idp.example.test/jwks.json");
    TrustedProvider p = provider(oidc.baseUrl()).id("oidc").type("oidc").jwksUri(null).build();
    directory.add(p);

    fails(
        tokenFor(oidc.baseUrl(), oidc.key(), oidc.key().getKeyID()),
        "jwks_unavailable",
        TokenFailure.Kind.UNAVAILABLE);
    assertThat(keyCache.of(p).snapshot().lastError()).contains("refusing");
  }

  @Test
  void neverReadsALocalFileThatADiscoveryDocumentNames() throws java.io.IOException {
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("gatehouse-secret", ".json");
    try {
      java.nio.file.Files.writeString(
          secret, new com.nimbusds.jose.jwk.JWKSet(newIdp("x").key().toPublicJWK()).toString());
      for (String location : List.of(secret.toUri().toString(), secret.toString())) {
        FakeIdp oidc = newIdp("oidc");
        oidc.discoveryJwksUri(location);
        TrustedProvider p =
            provider(oidc.baseUrl())
                .id("oidc-" + location.hashCode())
                .type("oidc")
                .jwksUri(null)
                .build();
        directory.add(p);

        fails(
            tokenFor(oidc.baseUrl(), oidc.key(), oidc.key().getKeyID()),
            "jwks_unavailable",
            TokenFailure.Kind.UNAVAILABLE);
        assertThat(keyCache.of(p).snapshot().lastError())
            .contains("only configuration may name a local file");
      }
    } finally {
      java.nio.file.Files.deleteIfExists(secret);
    }
  }

  @Test
  void findsAClerkProvidersKeysAtTheWellKnownJwks() {
    for (String suffix : List.of("", "/")) {
      FakeIdp c = newIdp("clerk");
      String issuer = c.baseUrl() + suffix;
      TrustedProvider p = provider(issuer).id("clerk" + suffix).type("clerk").jwksUri(null).build();
      directory.add(p);

      Verifying.trusted(verifier, WS, tokenFor(issuer, c.key(), c.key().getKeyID()));
      assertThat(c.jwksHits()).isEqualTo(1);
      assertThat(c.discoveryHits()).isZero();
      assertThat(keyCache.of(p).snapshot().jwksUri()).isEqualTo(c.jwksUrl());
    }
  }

  @Test
  void refusesAPlainHttpJwksUriOffLoopbackWithoutFetching() {
    // an IPv4-mapped IPv6 literal reaches 127.0.0.1 but is not a loopback name: refused unfetched
    String mapped = "http://[::ffff:127.0.0.1]:" + idp.port() + FakeIdp.JWKS_PATH;
    for (String uri : List.of(mapped, "http://idp.example.test/.well-known/jwks.json")) {
      TrustedProvider p = provider(idp.baseUrl()).id("clerk-a").jwksUri(uri).build();
      directory.add(p);
      TokenFailure f = fails(tokenOf(idp.key()), "jwks_unavailable", TokenFailure.Kind.UNAVAILABLE);
      assertThat(f.detail()).contains("refusing");
      assertThat(keyCache.of(p).snapshot().lastError()).contains("refusing").contains("https");
    }
    assertThat(idp.totalHits()).isZero();

    // with the development switch the same URL is fetched (so it did reach this IdP)
    TokenSettings dev = settings(COOLDOWN);
    dev =
        new TokenSettings(
            dev.cacheTtl(),
            dev.refreshCooldown(),
            dev.staleMax(),
            dev.connectTimeout(),
            dev.fetchDeadline(),
            dev.maxBytes(),
            true);
    use(dev);
    directory.add(provider(idp.baseUrl()).id("clerk-a").jwksUri(mapped).build());
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  // ----- the cache

  @Test
  void startsAfreshWhenTheProviderChangesVersion() {
    ProviderKeys first = keyCache.of(clerk);
    assertThat(keyCache.of(clerk)).isSameAs(first);
    assertThat(keyCache.of(provider(idp.baseUrl()).id("clerk-a").jwksUri(idp.jwksUrl()).build()))
        .as("an equal snapshot of the same version")
        .isSameAs(first);
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    assertThat(idp.jwksHits()).isEqualTo(1);

    TrustedProvider v2 =
        provider(idp.baseUrl()).id("clerk-a").jwksUri(idp.jwksUrl()).version(2).build();
    directory.add(v2);
    ProviderKeys second = keyCache.of(v2);
    assertThat(second).isNotSameAs(first);
    assertThat(second.snapshot().keysFetchedAt()).isNull();
    Verifying.trusted(verifier, WS, tokenOf(idp.key()));
    assertThat(idp.jwksHits()).isEqualTo(2);

    keyCache.evict(WS, "clerk-a");
    assertThat(keyCache.of(v2)).isNotSameAs(second);
  }

  @Test
  void keepsKeysApartForProvidersWithTheSameIdInTwoWorkspaces() {
    FakeIdp other = newIdp("other");
    RSAKey keyA = FakeIdp.newRsaKey("k1");
    RSAKey keyB = FakeIdp.newRsaKey("k1");
    idp.serveKeys(keyA);
    other.serveKeys(keyB);
    String issuer = "https://same-issuer.example.com";
    TrustedProvider p1 =
        provider(issuer).workspace("ws-1").id("prov").jwksUri(idp.jwksUrl()).build();
    TrustedProvider p2 =
        provider(issuer).workspace("ws-2").id("prov").jwksUri(other.jwksUrl()).build();
    directory.add(p1).add(p2);

    String byA = tokenFor(issuer, keyA, "k1");
    String byB = tokenFor(issuer, keyB, "k1");
    for (int round = 0; round < 2; round++) {
      Verifying.trusted(verifier, "ws-1", byA);
      Verifying.trusted(verifier, "ws-2", byB);
      fails("ws-1", byB, "invalid_signature", TokenFailure.Kind.REJECTED);
      fails("ws-2", byA, "invalid_signature", TokenFailure.Kind.REJECTED);
    }
    assertThat(keyCache.of(p1)).isNotSameAs(keyCache.of(p2));
    assertThat(idp.jwksHits()).isEqualTo(1);
    assertThat(other.jwksHits()).isEqualTo(1);
  }

  @Test
  void refusesKeysOfATokenWithoutKidWhenTheJwksHasNone() {
    idp.serveJwks(new JWKSet().toString());
    fails(tokenFor(idp.baseUrl(), idp.key(), null), "unknown_key", TokenFailure.Kind.REJECTED);
    assertThat(
            assertThrows(
                    TokenFailure.class, () -> keyCache.of(clerk).keysFor("x", JWSAlgorithm.RS256))
                .code())
        .isEqualTo("unknown_key");
  }
}
