package dev.gatehouse.token;

import static dev.gatehouse.token.TestJwt.token;
import static dev.gatehouse.token.TestProviders.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified tokens never outlives what made a token valid: its expiry, its provider
 * (version), and the key that verified it; and it never answers across workspaces.
 */
class TokenCacheTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private FakeIdp idp;
  private MutableClock clock;
  private TestProviders.Directory directory;
  private KeyCache keys;
  private TokenVerifier verifier;
  private TokenCache cache;
  private TrustedProvider clerk;
  // The key cache's fetches run here; shut down after each test (in the application,
  // FetchThreads: the container's threads).
  private final ExecutorService fetches = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    idp = new FakeIdp("cache-key");
    directory = new TestProviders.Directory();
    clerk = provider(idp.baseUrl()).workspace("ws-1").id("p1").jwksUri(idp.jwksUrl()).build();
    directory.add(clerk);
    keys =
        new KeyCache(
            TokenSettings.defaults()
                .withTimings(Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(1)),
            clock,
            fetches);
    cache = TokenCache.of(1000, clock);
    verifier = new TokenVerifier(directory, keys, clock, cache);
  }

  @AfterEach
  void tearDown() {
    idp.close();
    fetches.shutdownNow();
  }

  private String tokenExpiringIn(Duration d, RSAKey key) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", key.getKeyID());
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", idp.baseUrl());
    claims.put("sub", "user_1");
    claims.put("exp", clock.instant().plus(d).getEpochSecond());
    return token(header, claims, TestJwt.rs256(key));
  }

  private int jwksHits() {
    return idp.jwksHits();
  }

  @Test
  void aCacheThatCouldOutgrowAQuarterOfTheHeapIsWarnedAbout() {
    long mib = 1024L * 1024;
    assertThat(TokenCache.sizeWarning(TokenCache.DEFAULT_MAX_ENTRIES, 256 * mib))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("100000 verified tokens", "~439 MiB", "256 MiB heap")
                    .contains("gatehouse.token-cache.max-entries to " + 256 * mib / 4 / 4_608));
    assertThat(TokenCache.sizeWarning(14_563, 256 * mib)).as("just fits").isEmpty();
    assertThat(TokenCache.sizeWarning(14_564, 256 * mib)).as("one more").isPresent();
    assertThat(TokenCache.sizeWarning(TokenCache.DEFAULT_MAX_ENTRIES, 2048 * mib)).isEmpty();
    assertThat(TokenCache.sizeWarning(TokenCache.DEFAULT_MAX_ENTRIES, Long.MAX_VALUE))
        .as("no heap limit")
        .isEmpty();
  }

  @Test
  void aRepeatedTokenIsServedFromTheCache() {
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    VerifiedToken first = verifier.check("ws-1", t).verified();
    VerifiedToken second = verifier.check("ws-1", t).verified();
    assertThat(second).isSameAs(first);
    assertThat(cache.size()).isEqualTo(1);
  }

  /** What the token layer reported, as the metrics would count it. */
  static final class Recorded implements TokenEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void keysFetched(TrustedProvider provider, boolean ok) {
      events.add("fetch " + provider.id() + (ok ? " ok" : " failed"));
    }

    @Override
    public void tokenCacheLookup(boolean hit) {
      events.add(hit ? "hit" : "miss");
    }
  }

  @Test
  void everyLookupAndFetchIsReported() {
    Recorded recorded = new Recorded();
    KeyCache reportingKeys =
        new KeyCache(
            TokenSettings.defaults()
                .withTimings(Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(1)),
            clock,
            recorded,
            fetches);
    TokenVerifier v =
        new TokenVerifier(directory, reportingKeys, clock, TokenCache.of(1000, clock, recorded));
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    assertThat(v.check("ws-1", t).valid()).isTrue();
    assertThat(v.check("ws-1", t).valid()).isTrue();
    assertThat(v.check("ws-1", t).valid()).isTrue();
    assertThat(recorded.events).containsExactly("miss", "fetch p1 ok", "hit", "hit");

    idp.fail();
    clock.advance(Duration.ofMinutes(6)); // past the TTL: the next use refreshes in the background
    String other = tokenExpiringIn(Duration.ofMinutes(5), idp.rotate());
    assertThat(v.check("ws-1", other).failure().code()).isEqualTo("jwks_unavailable");
    assertThat(recorded.events.subList(4, recorded.events.size()))
        .startsWith("miss")
        .contains("fetch p1 failed")
        .doesNotContain("fetch p1 ok", "hit");
  }

  @Test
  void aCachedTokenExpiresWithItsExp() {
    String t = tokenExpiringIn(Duration.ofSeconds(30), idp.key());
    assertThat(verifier.check("ws-1", t).valid()).isTrue();
    clock.advance(Duration.ofSeconds(36)); // past exp + 5 s skew
    TokenVerifier.Inspection later = verifier.check("ws-1", t);
    assertThat(later.valid()).isFalse();
    assertThat(later.failure().code()).isEqualTo("token_expired");
  }

  @Test
  void aProviderChangeDropsItsCachedTokens() {
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    VerifiedToken first = verifier.check("ws-1", t).verified();
    directory.add(
        provider(idp.baseUrl())
            .workspace("ws-1")
            .id("p1")
            .jwksUri(idp.jwksUrl())
            .audiences("only-app")
            .version(2)
            .build());
    TokenVerifier.Inspection after = verifier.check("ws-1", t);
    assertThat(after.valid()).isFalse();
    assertThat(after.failure().code()).isEqualTo("invalid_audience");
    assertThat(first.provider().version()).isEqualTo(clerk.version());
  }

  @Test
  void aDeletedProvidersTokensAreNoLongerTrusted() {
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    assertThat(verifier.check("ws-1", t).valid()).isTrue();
    directory.remove("ws-1", idp.baseUrl());
    assertThat(verifier.check("ws-1", t).failure().code()).isEqualTo("unknown_issuer");
  }

  @Test
  void aKeyThatLeftTheJwksNoLongerVouchesForCachedTokens() {
    RSAKey old = idp.key();
    String t = tokenExpiringIn(Duration.ofMinutes(5), old);
    assertThat(verifier.check("ws-1", t).valid()).isTrue();
    int before = jwksHits();
    idp.rotate(); // the old key leaves the JWKS
    keys.of(clerk).refreshNow();
    assertThat(jwksHits()).isEqualTo(before + 1);
    TokenVerifier.Inspection after = verifier.check("ws-1", t);
    assertThat(after.valid()).isFalse();
    assertThat(after.failure().code()).isEqualTo("unknown_key");
  }

  @Test
  void neverAnswersForAnotherWorkspace() {
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    assertThat(verifier.check("ws-1", t).valid()).isTrue();
    TokenVerifier.Inspection other = verifier.check("ws-2", t);
    assertThat(other.valid()).isFalse();
    assertThat(other.failure().code()).isEqualTo("unknown_issuer");
  }

  @Test
  void aDisabledCacheVerifiesEveryTime() {
    TokenVerifier uncached = new TokenVerifier(directory, keys, clock, TokenCache.disabled());
    String t = tokenExpiringIn(Duration.ofMinutes(5), idp.key());
    VerifiedToken a = uncached.check("ws-1", t).verified();
    VerifiedToken b = uncached.check("ws-1", t).verified();
    assertThat(b).isNotSameAs(a).isEqualTo(a);
  }
}
