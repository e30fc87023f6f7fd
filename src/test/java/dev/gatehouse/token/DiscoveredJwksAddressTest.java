package dev.gatehouse.token;

import static dev.gatehouse.token.TestJwt.obj;
import static dev.gatehouse.token.TestJwt.rs256;
import static dev.gatehouse.token.TestJwt.token;
import static dev.gatehouse.token.TestProviders.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A discovery document may not aim Gatehouse at internal services (docs/security.md "Outbound
 * fetches, the demo, paths and cross-site requests"). Every URL here really points at the fake IdP
 * on 127.0.0.1; a stand-in for DNS tells Gatehouse what the names resolve to, so that no test ever
 * sends a packet off loopback, even if the refusal were broken.
 */
class DiscoveredJwksAddressTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final String WS = "ws-1";

  private final Map<String, List<InetAddress>> pretend = new HashMap<>();
  private final List<FakeIdp> idps = new ArrayList<>();
  private FakeIdp oidc;
  private TestProviders.Directory directory;
  private KeyCache keyCache;
  private TokenVerifier verifier;
  private TrustedProvider provider;
  // The key cache's fetches run here; shut down after each test (in the application,
  // FetchThreads: the container's threads).
  private final ExecutorService fetches = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    MutableClock clock = new MutableClock(NOW);
    oidc = new FakeIdp("oidc");
    idps.add(oidc);
    // The JWKS is served on the same loopback port, but named through "localhost".
    oidc.servePath("/keys", oidc.currentJwks());
    oidc.discoveryJwksUri("http://localhost:" + oidc.port() + "/keys");
    directory = new TestProviders.Directory();
    provider = provider(oidc.baseUrl()).id("oidc").type("oidc").jwksUri(null).build();
    directory.add(provider);
    JwksFetcher.Resolver dns =
        host ->
            pretend.containsKey(host)
                ? pretend.get(host)
                : JwksFetcher.Resolver.SYSTEM.resolve(host);
    TokenSettings settings =
        TokenSettings.defaults()
            .withFetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 64 * 1024);
    keyCache =
        new KeyCache(
            settings, clock, TokenEvents.NONE, new JwksFetcher(settings, dns, fetches), fetches);
    verifier = new TokenVerifier(directory, keyCache, clock);
  }

  @AfterEach
  void close() {
    idps.forEach(FakeIdp::close);
    fetches.shutdownNow();
  }

  private void resolve(String host, String... literals) {
    pretend.put(host, java.util.Arrays.stream(literals).map(AddressPolicy::literal).toList());
  }

  private String aToken() {
    return token(
        obj("alg", "RS256", "kid", oidc.key().getKeyID()),
        obj("iss", oidc.baseUrl(), "sub", "user_1", "exp", NOW.getEpochSecond() + 60),
        rs256(oidc.key()));
  }

  private void assertRefused(String expectedInError) {
    TokenFailure f =
        assertThrows(TokenFailure.class, () -> Verifying.trusted(verifier, WS, aToken()));
    assertThat(f.code()).isEqualTo("jwks_unavailable");
    assertThat(f.kind()).isEqualTo(TokenFailure.Kind.UNAVAILABLE);
    ProviderKeys.Snapshot s = keyCache.of(provider).snapshot();
    assertThat(s.lastError())
        .contains("refusing to fetch http://localhost:" + oidc.port() + "/keys")
        .contains("which the discovery document names")
        .contains(expectedInError);
    assertThat(s.state(NOW, Duration.ofMinutes(5))).isEqualTo("failing");
    assertThat(oidc.discoveryHits()).isEqualTo(1);
    assertThat(oidc.hits("/keys")).as("the refused JWKS URL is never fetched").isZero();
  }

  @Test
  void refusesADiscoveredJwksUriOnTheCloudMetadataAddress() {
    resolve("localhost", "169.254.169.254");
    assertRefused("169.254.169.254 (link_local)");
  }

  @Test
  void refusesADiscoveredJwksUriOnAPrivateNetworkForALoopbackIssuer() {
    resolve("localhost", "10.0.0.1");
    assertRefused("10.0.0.1 (private)");
  }

  @Test
  void refusesADiscoveredJwksUriOnAUniqueLocalIpv6Address() {
    resolve("localhost", "fd00::1");
    assertRefused("(private)");
  }

  @Test
  void refusesWhenOnlyOneOfTheJwksHostsAddressesIsInternal() {
    resolve("localhost", "127.0.0.1", "192.168.1.1");
    assertRefused("192.168.1.1 (private)");
  }

  @Test
  void refusesADiscoveredJwksUriOnTheUnspecifiedAddress() {
    resolve("localhost", "0.0.0.0");
    assertRefused("never fetches");
  }

  @Test
  void refusesALoopbackJwksUriThatAPublicIssuersDocumentNames() {
    resolve("127.0.0.1", "203.0.113.10"); // the issuer's host, as if it were public
    resolve("localhost", "127.0.0.1");
    assertRefused("127.0.0.1 (loopback)");
  }

  @Test
  void refusesAJwksHostThatDoesNotResolve() {
    pretend.put("localhost", List.of());
    assertRefused("has no address");
  }

  @Test
  void fetchesADiscoveredJwksUriOnTheLoopbackIssuersOwnKindOfAddress() {
    resolve("localhost", "127.0.0.2");
    Verifying.trusted(verifier, WS, aToken());
    assertThat(oidc.hits("/keys")).isEqualTo(1);
    assertThat(keyCache.of(provider).snapshot().lastError()).isNull();
  }

  @Test
  void anIssuerOnAPrivateNetworkMayNameAJwksHostOnOne() {
    resolve("127.0.0.1", "10.1.1.1"); // an internal IdP
    resolve("localhost", "10.2.2.2");
    Verifying.trusted(verifier, WS, aToken());
    assertThat(oidc.hits("/keys")).isEqualTo(1);
  }

  @Test
  void aPublicIssuerMayNameAPublicJwksHost() {
    resolve("127.0.0.1", "203.0.113.10");
    resolve("localhost", "203.0.113.20");
    Verifying.trusted(verifier, WS, aToken());
    assertThat(oidc.hits("/keys")).isEqualTo(1);
  }
}
