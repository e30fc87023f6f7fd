package dev.gatehouse.token;

import static dev.gatehouse.token.TestJwt.b64;
import static dev.gatehouse.token.TestJwt.constant;
import static dev.gatehouse.token.TestJwt.es256;
import static dev.gatehouse.token.TestJwt.hs256;
import static dev.gatehouse.token.TestJwt.json;
import static dev.gatehouse.token.TestJwt.obj;
import static dev.gatehouse.token.TestJwt.rs256;
import static dev.gatehouse.token.TestJwt.token;
import static dev.gatehouse.token.TestProviders.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks of docs/api.md#what-makes-a-token-trusted and #token-codes for one token at a time,
 * against a fake IdP on loopback.
 */
class TokenVerifierTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final String WS = "ws-1";
  static final String APP = "https://app.example.com";
  static final String ATTACKER_JWKS = "/attacker/jwks.json";

  private final List<FakeIdp> idps = new ArrayList<>();
  private MutableClock clock;
  private FakeIdp idp;
  private TestProviders.Directory directory;
  private KeyCache keyCache;
  private TokenVerifier verifier;
  private String issuer;
  // The key cache's fetches run here; shut down after each test (in the application,
  // FetchThreads: the container's threads).
  private final ExecutorService fetches = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    idp = newIdp("idp-key");
    issuer = idp.baseUrl();
    directory = new TestProviders.Directory();
    directory.add(
        provider(issuer)
            .id("clerk-a")
            .name("Clerk A")
            .jwksUri(idp.jwksUrl())
            .parties(APP)
            .mappings(new ClaimMapping("metadata.plan", "plan", false, null))
            .build());
    keyCache =
        new KeyCache(
            TokenSettings.defaults()
                .withFetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(2), 512 * 1024),
            clock,
            fetches);
    verifier = new TokenVerifier(directory, keyCache, clock);
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

  // ----- helpers

  /** Claims shaped like a Clerk session token (v2), for provider A. */
  private Map<String, Object> clerkClaims() {
    return obj(
        "azp",
        APP,
        "exp",
        T + 60,
        "iat",
        T - 10,
        "iss",
        issuer,
        "nbf",
        T - 10,
        "sid",
        "sess_2abc",
        "sub",
        "user_2xyz",
        "v",
        2);
  }

  private Map<String, Object> header(String alg, String kid) {
    Map<String, Object> h = obj("alg", alg, "typ", "JWT");
    if (kid != null) {
      h.put("kid", kid);
    }
    return h;
  }

  private Map<String, Object> rsHeader() {
    return header("RS256", idp.key().getKeyID());
  }

  /** A token for provider A, signed by A's current key. */
  private String signed(Map<String, Object> claims) {
    return token(rsHeader(), claims, rs256(idp.key()));
  }

  private String signedPayload(String payloadJson) {
    return token(json(rsHeader()), payloadJson, rs256(idp.key()));
  }

  private TokenFailure fails(String token, String code) {
    return fails(WS, token, code, TokenFailure.Kind.REJECTED);
  }

  private TokenFailure fails(String workspace, String token, String code, TokenFailure.Kind kind) {
    TokenFailure f =
        assertThrows(TokenFailure.class, () -> Verifying.trusted(verifier, workspace, token));
    assertThat(f.code()).as("code (detail: %s)", f.detail()).isEqualTo(code);
    assertThat(f.kind()).isEqualTo(kind);
    return f;
  }

  private VerifiedToken passes(String token) {
    return Verifying.trusted(verifier, WS, token);
  }

  /** Serves these keys' public halves at /{name}/jwks.json on the IdP and returns the URL. */
  private String hostJwks(String name, JWK... keys) {
    List<JWK> pub = new ArrayList<>();
    for (JWK k : keys) {
      pub.add(k.isPrivate() ? k.toPublicJWK() : k);
    }
    String path = "/" + name + "/jwks.json";
    idp.servePath(path, new JWKSet(pub).toString(true));
    return idp.url(path);
  }

  private TrustedProvider register(TestProviders.Spec spec) {
    TrustedProvider p = spec.build();
    directory.add(p);
    return p;
  }

  private Map<String, Object> claimsFor(String iss) {
    Map<String, Object> c = clerkClaims();
    c.put("iss", iss);
    return c;
  }

  // ----- the good token

  @Test
  void verifiesAClerkShapedRs256TokenAndMapsItsClaims() {
    Map<String, Object> claims = clerkClaims();
    claims.put("metadata", obj("plan", "enterprise"));
    claims.put("o", obj("id", "org_1", "slg", "acme", "rol", "admin"));
    Map<String, Object> h = rsHeader();
    h.put("cat", "cl_B7d4PD111AAA"); // Clerk's extra header fields are ignored
    h.put("oiat", T - 10);

    VerifiedToken v = passes(token(h, claims, rs256(idp.key())));

    assertThat(v.subject()).isEqualTo("user_2xyz");
    assertThat(v.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(v.provider().id()).isEqualTo("clerk-a");
    assertThat(v.claims().getString("sid")).isEqualTo("sess_2abc");
    assertThat(v.attributes())
        .containsEntry("is_external_principal", true)
        .containsEntry("external_issuer", issuer)
        .containsEntry("external_subject", "user_2xyz")
        .containsEntry("ext_plan", "enterprise")
        .containsEntry("ext_org_id", "org_1")
        .containsEntry("ext_org_slug", "acme")
        .containsEntry("ext_org_role", "org:admin");
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  @Test
  void verifiesATokenSignedByNimbus() throws Exception {
    RSAKey key = idp.key();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("user_nimbus")
                .expirationTime(Date.from(NOW.plusSeconds(120)))
                .issueTime(Date.from(NOW))
                .build());
    jwt.sign(new RSASSASigner(key));

    assertThat(passes(jwt.serialize()).subject()).isEqualTo("user_nimbus");
  }

  @Test
  void answersTheSameTokenTwiceWithOneFetch() {
    String t = signed(clerkClaims());
    passes(t);
    passes(t);
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  @Test
  void inspectKeepsTheUnverifiedPartsOfAFailingToken() {
    Map<String, Object> c = clerkClaims();
    c.put("exp", T - 600);
    TokenVerifier.Inspection i = verifier.inspect(WS, signed(c));
    assertThat(i.valid()).isFalse();
    assertThat(i.failure().code()).isEqualTo("token_expired");
    assertThat(i.provider().id()).isEqualTo("clerk-a");
    assertThat(i.jws().payload().getString("sub")).isEqualTo("user_2xyz");
  }

  // ----- algorithms

  @Test
  void rejectsAlgNone() {
    Map<String, Object> h = obj("alg", "none", "typ", "JWT");
    String unsigned = b64(json(h)) + "." + b64(json(clerkClaims())) + ".";
    fails(unsigned, "malformed_token"); // the empty signature part is refused first

    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      String withJunkSignature =
          token(
              obj("alg", alg, "kid", idp.key().getKeyID()),
              clerkClaims(),
              constant(new byte[] {1}));
      TokenFailure f = fails(withJunkSignature, "unsupported_algorithm");
      assertThat(f.detail()).contains("none");
    }
    assertThat(idp.jwksHits()).isZero();
  }

  @Test
  void rejectsHs256SignedWithTheProvidersRsaPublicKey() throws Exception {
    RSAKey pub = idp.key().toPublicJWK();
    byte[] der = pub.toRSAPublicKey().getEncoded();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END PUBLIC KEY-----\n";
    List<byte[]> secrets =
        List.of(
            der,
            pem.getBytes(StandardCharsets.US_ASCII),
            pub.toJSONString().getBytes(StandardCharsets.UTF_8),
            idp.currentJwks().getBytes(StandardCharsets.UTF_8),
            pub.getModulus().decode());
    // even a provider misconfigured to list HMAC algorithms gets none
    register(
        provider("https://hmac.example.com")
            .id("hmac")
            .jwksUri(idp.jwksUrl())
            .algorithms("RS256", "HS256", "HS384", "HS512"));
    for (byte[] secret : secrets) {
      for (String alg : List.of("HS256", "HS384", "HS512")) {
        String t = token(header(alg, pub.getKeyID()), clerkClaims(), hs256(secret));
        assertThat(fails(t, "unsupported_algorithm").detail()).contains("symmetric");
      }
      String t2 =
          token(
              header("HS256", pub.getKeyID()),
              claimsFor("https://hmac.example.com"),
              hs256(secret));
      fails(t2, "unsupported_algorithm");
    }
    assertThat(idp.jwksHits()).isZero();
  }

  @Test
  void rejectsEs256WhenTheProviderAllowsOnlyRs256() {
    ECKey ec = TestJwt.ecKey(idp.key().getKeyID(), Curve.P_256);
    TokenFailure f =
        fails(
            token(header("ES256", ec.getKeyID()), clerkClaims(), es256(ec)),
            "unsupported_algorithm");
    assertThat(f.detail()).contains("ES256").contains("RS256");
    assertThat(idp.jwksHits()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS384", "PS256", "EdDSA", "ES512", "rs256", "RSA-OAEP", "", "Ed25519"})
  void rejectsAlgorithmsTheProviderDoesNotAllow(String alg) {
    fails(
        token(header(alg, idp.key().getKeyID()), clerkClaims(), rs256(idp.key())),
        "unsupported_algorithm");
  }

  @Test
  void rejectsAHeaderWithoutAlg() {
    fails(
        token(obj("kid", idp.key().getKeyID()), clerkClaims(), rs256(idp.key())),
        "malformed_token");
    fails(
        token(obj("alg", 256, "kid", idp.key().getKeyID()), clerkClaims(), rs256(idp.key())),
        "malformed_token");
  }

  @Test
  void rejectsEs256WithRAndSZeroWhenEs256IsAllowed() {
    ECKey ec = TestJwt.ecKey("ec-1", Curve.P_256);
    register(
        provider("https://es.example.com")
            .id("es")
            .jwksUri(hostJwks("es", ec))
            .algorithms("ES256"));
    Map<String, Object> claims = claimsFor("https://es.example.com");

    passes(token(header("ES256", "ec-1"), claims, es256(ec))); // the key works

    fails(token(header("ES256", "ec-1"), claims, constant(new byte[64])), "invalid_signature");
    byte[] derZero = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
    fails(token(header("ES256", "ec-1"), claims, constant(derZero)), "invalid_signature");
    byte[] rZero = TestJwt.sign(es256(ec), "x");
    java.util.Arrays.fill(rZero, 0, 32, (byte) 0);
    fails(token(header("ES256", "ec-1"), claims, constant(rZero)), "invalid_signature");
  }

  @Test
  void verifiesPs256WhenAllowed() {
    RSAKey key = FakeIdp.newRsaKey("ps-1");
    register(
        provider("https://ps.example.com")
            .id("ps")
            .jwksUri(hostJwks("ps", key))
            .algorithms("PS256"));
    Map<String, Object> claims = claimsFor("https://ps.example.com");

    assertThat(passes(token(header("PS256", "ps-1"), claims, TestJwt.ps256(key))).subject())
        .isEqualTo("user_2xyz");
    // an RS256 signature labelled PS256 does not verify
    fails(token(header("PS256", "ps-1"), claims, rs256(key)), "invalid_signature");
    // and RS256 is not allowed for this provider
    fails(token(header("RS256", "ps-1"), claims, rs256(key)), "unsupported_algorithm");
  }

  @Test
  void verifiesEdDsaEd25519WhenAllowed() {
    TestJwt.Ed25519Key ed = TestJwt.ed25519Key("ed-1");
    register(
        provider("https://ed.example.com")
            .id("ed")
            .jwksUri(hostJwks("ed", ed.jwk()))
            .algorithms("EdDSA"));
    Map<String, Object> claims = claimsFor("https://ed.example.com");

    String good = token(header("EdDSA", "ed-1"), claims, TestJwt.ed25519(ed.pair().getPrivate()));
    assertThat(passes(good).subject()).isEqualTo("user_2xyz");

    TestJwt.Ed25519Key other = TestJwt.ed25519Key("ed-1");
    fails(
        token(header("EdDSA", "ed-1"), claims, TestJwt.ed25519(other.pair().getPrivate())),
        "invalid_signature");
    claims.put("sub", "user_admin");
    fails(TestJwt.withPayload(good, json(claims)), "invalid_signature");
  }

  // ----- keys carried or pointed to by the token

  @Test
  void neverTrustsAKeyEmbeddedInTheJwkHeader() {
    RSAKey attacker = FakeIdp.newRsaKey("attacker-key");
    Map<String, Object> jwk = attacker.toPublicJWK().toJSONObject();

    // the attacker names its own kid: the provider has no such key
    Map<String, Object> h1 = header("RS256", "attacker-key");
    h1.put("jwk", jwk);
    TokenFailure f1 = fails(token(h1, clerkClaims(), rs256(attacker)), "unknown_key");
    assertThat(f1.detail()).contains("attacker-key");

    // the attacker names the provider's kid: the provider's key does not verify the signature
    Map<String, Object> h2 = header("RS256", idp.key().getKeyID());
    h2.put("jwk", jwk);
    fails(token(h2, clerkClaims(), rs256(attacker)), "invalid_signature");

    // no kid at all: the provider's single key is the only candidate
    Map<String, Object> h3 = header("RS256", null);
    h3.put("jwk", jwk);
    fails(token(h3, clerkClaims(), rs256(attacker)), "invalid_signature");

    // the same header is harmless when the provider's own key signed
    passes(token(h2, clerkClaims(), rs256(idp.key())));
  }

  @Test
  void neverFetchesJkuOrX5uPointingToAnAttackerJwks() {
    RSAKey attacker = FakeIdp.newRsaKey("attacker-key");
    idp.servePath(ATTACKER_JWKS, new JWKSet(attacker.toPublicJWK()).toString());
    String attackerUrl = idp.url(ATTACKER_JWKS);

    for (String member : List.of("jku", "x5u")) {
      Map<String, Object> h = header("RS256", "attacker-key");
      h.put(member, attackerUrl);
      fails(token(h, clerkClaims(), rs256(attacker)), "unknown_key");

      Map<String, Object> h2 = header("RS256", idp.key().getKeyID());
      h2.put(member, attackerUrl);
      fails(token(h2, clerkClaims(), rs256(attacker)), "invalid_signature");
    }
    Map<String, Object> all = header("RS256", "attacker-key");
    all.put("jku", attackerUrl);
    all.put("x5u", attackerUrl);
    all.put("x5c", List.of(Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})));
    all.put("jwk", attacker.toPublicJWK().toJSONObject());
    fails(token(all, clerkClaims(), rs256(attacker)), "unknown_key");

    assertThat(idp.hits(ATTACKER_JWKS)).isZero();
    assertThat(idp.jwksHits()).isEqualTo(1);
  }

  @Test
  void rejectsATokenSignedByProviderBsKeyClaimingProviderAsIssuer() {
    FakeIdp idpB = newIdp("b-key");
    register(provider(idpB.baseUrl()).id("clerk-b").jwksUri(idpB.jwksUrl()));

    // B's key under its own kid: A has no such key
    fails(signedBy(idpB.key(), idpB.key().getKeyID(), claimsFor(issuer)), "unknown_key");
    // B's key under A's kid: A's key does not verify it
    fails(signedBy(idpB.key(), idp.key().getKeyID(), claimsFor(issuer)), "invalid_signature");
    // B's token for B is fine
    passes(signedBy(idpB.key(), idpB.key().getKeyID(), claimsFor(idpB.baseUrl())));
    // and A never fetched B's keys (nor B A's)
    assertThat(idp.jwksHits()).isEqualTo(1);
    assertThat(idpB.jwksHits()).isEqualTo(1);
  }

  private String signedBy(RSAKey key, String kid, Map<String, Object> claims) {
    return token(header("RS256", kid), claims, rs256(key));
  }

  @Test
  void keepsKeysPerProviderWhenTwoProvidersShareAKid() {
    FakeIdp idpB = newIdp("b-key");
    RSAKey keyA = FakeIdp.newRsaKey("shared");
    RSAKey keyB = FakeIdp.newRsaKey("shared");
    idp.serveKeys(keyA);
    idpB.serveKeys(keyB);
    String issuerB = idpB.baseUrl();
    register(provider(issuerB).id("clerk-b").jwksUri(idpB.jwksUrl()));

    String aForA = signedBy(keyA, "shared", claimsFor(issuer));
    String bForB = signedBy(keyB, "shared", claimsFor(issuerB));
    String bForA = signedBy(keyB, "shared", claimsFor(issuer));
    String aForB = signedBy(keyA, "shared", claimsFor(issuerB));

    for (int round = 0; round < 2; round++) {
      passes(aForA);
      passes(bForB);
      fails(bForA, "invalid_signature");
      fails(aForB, "invalid_signature");
    }
    assertThat(passes(bForB).provider().id()).isEqualTo("clerk-b");
    assertThat(idp.jwksHits()).isEqualTo(1);
    assertThat(idpB.jwksHits()).isEqualTo(1);
  }

  // ----- header form

  @Test
  void rejectsUnknownCritHeaders() {
    Map<String, Object> h = rsHeader();
    h.put("crit", List.of("https://example.com/must-understand"));
    h.put("https://example.com/must-understand", true);
    fails(token(h, clerkClaims(), rs256(idp.key())), "malformed_token");

    Map<String, Object> h2 = rsHeader();
    h2.put("crit", List.of("exp"));
    h2.put("exp", T + 60);
    fails(token(h2, clerkClaims(), rs256(idp.key())), "malformed_token");
  }

  @Test
  void rejectsUnencodedPayloadsB64False() {
    Map<String, Object> h = rsHeader();
    h.put("b64", false);
    h.put("crit", List.of("b64"));
    fails(token(h, clerkClaims(), rs256(idp.key())), "malformed_token");

    Map<String, Object> h2 = rsHeader();
    h2.put("b64", false);
    fails(token(h2, clerkClaims(), rs256(idp.key())), "malformed_token");
  }

  @Test
  void rejectsNestedTokens() {
    Map<String, Object> h = rsHeader();
    h.put("cty", "JWT");
    fails(token(h, clerkClaims(), rs256(idp.key())), "malformed_token");
  }

  @Test
  void rejectsJweShapedTokens() {
    String jweHeader = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"idp-key-1\"}");
    String jwe = jweHeader + ".ZW5jcnlwdGVka2V5.aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn";
    fails(jwe, "malformed_token");

    // the JWE header on a three-part token is refused as well
    Map<String, Object> h = rsHeader();
    h.put("enc", "A256GCM");
    fails(token(h, clerkClaims(), rs256(idp.key())), "malformed_token");
    assertThat(idp.jwksHits()).isZero();
  }

  @Test
  void rejectsAKidThatIsNotAString() {
    Map<String, Object> h = rsHeader();
    h.put("kid", 7);
    fails(token(h, clerkClaims(), rs256(idp.key())), "malformed_token");
  }

  @Test
  void ignoresTyp() {
    Map<String, Object> h = rsHeader();
    h.put("typ", "at+jwt");
    passes(token(h, clerkClaims(), rs256(idp.key())));
    Map<String, Object> h2 = rsHeader();
    h2.remove("typ");
    passes(token(h2, clerkClaims(), rs256(idp.key())));
  }

  // ----- compact serialization

  @Test
  void rejectsAMissingToken() {
    fails(WS, "", "missing_token", TokenFailure.Kind.REJECTED);
    fails(WS, null, "missing_token", TokenFailure.Kind.REJECTED);
  }

  @Test
  void rejectsWrongNumbersOfSegments() {
    String good = signed(clerkClaims());
    String[] p = good.split("\\.");
    fails(p[0], "malformed_token");
    fails(p[0] + "." + p[1], "malformed_token");
    fails(good + "." + p[2], "malformed_token");
    fails(good + "." + p[1] + "." + p[2], "malformed_token");
    fails(good + ".", "malformed_token");
    fails(p[0] + ".." + p[2], "malformed_token");
    fails("..", "malformed_token");
    fails(".", "malformed_token");
    passes(good);
  }

  @Test
  void rejectsBadBase64() {
    String good = signed(clerkClaims());
    String[] p = good.split("\\.");
    List<String> bad =
        List.of(
            p[0] + "=." + p[1] + "." + p[2],
            p[0] + "." + p[1] + "==." + p[2],
            p[0] + "." + p[1] + "." + p[2] + "=",
            p[0] + "." + p[1].substring(0, 10) + " " + p[1].substring(10) + "." + p[2],
            p[0] + "." + p[1] + "." + p[2].substring(0, 20) + "\n" + p[2].substring(20),
            p[0] + "\t." + p[1] + "." + p[2],
            " " + good,
            good + " ",
            good + "\n",
            p[0] + "." + p[1] + "." + "+" + p[2].substring(1),
            p[0] + "." + p[1] + "." + "/" + p[2].substring(1),
            p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 1) + "%",
            p[0] + "." + p[1] + "." + p[2] + "AAA" // 342 + 3 chars: an impossible length (4n + 1)
            );
    for (String t : bad) {
      fails(t, "malformed_token");
    }
  }

  @Test
  void rejectsATokenEncodedWithTheStandardBase64Alphabet() throws Exception {
    // a token signed over its standard-base64 (+ /) encoding would verify with a lenient decoder
    RSAKey key = idp.key();
    for (int attempt = 0; attempt < 50; attempt++) {
      Map<String, Object> c = clerkClaims();
      c.put("n", attempt);
      Base64.Encoder std = Base64.getEncoder().withoutPadding();
      String input =
          std.encodeToString(json(rsHeader()).getBytes(StandardCharsets.UTF_8))
              + "."
              + std.encodeToString(json(c).getBytes(StandardCharsets.UTF_8));
      String sig = std.encodeToString(TestJwt.sign(rs256(key), input));
      String t = input + "." + sig;
      if (t.contains("+") && t.contains("/")) {
        fails(t, "malformed_token");
        return;
      }
    }
    throw new AssertionError("no standard-alphabet token with both + and / in 50 attempts");
  }

  @Test
  void rejectsNonCanonicalBase64InTheLastCharacter() {
    String good = signed(clerkClaims());
    String[] p = good.split("\\.");
    String sig = p[2];
    // 256 signature bytes = 342 chars: the last char carries 2 data bits and 4 unused bits
    assertThat(sig.length() % 4).isEqualTo(2);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(sig.charAt(sig.length() - 1));
    assertThat(last & 0x0f).isZero();
    String altered =
        p[0] + "." + p[1] + "." + sig.substring(0, sig.length() - 1) + alphabet.charAt(last | 1);
    assertThat(altered).isNotEqualTo(good);
    fails(altered, "malformed_token");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[]", "\"RS256\"", "42", "null", "true", "{", "{\"alg\":\"RS256\"} {}", ""})
  void rejectsAHeaderThatIsNotOneJsonObject(String headerJson) {
    String t =
        b64(headerJson)
            + "."
            + b64(json(clerkClaims()))
            + "."
            + b64(TestJwt.sign(rs256(idp.key()), "x"));
    fails(t, "malformed_token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"user\"", "42", "null", "{\"sub\":", "{} []", "{\"a\":1,}"})
  void rejectsAPayloadThatIsNotOneJsonObject(String payloadJson) {
    fails(signedPayload(payloadJson), "malformed_token");
  }

  @Test
  void rejectsHeaderOrPayloadThatIsNotUtf8() {
    byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
    String payload = b64(json(clerkClaims()));
    String input = b64(notUtf8) + "." + payload;
    fails(input + "." + b64(TestJwt.sign(rs256(idp.key()), input)), "malformed_token");
    String input2 = b64(json(rsHeader())) + "." + b64(notUtf8);
    fails(input2 + "." + b64(TestJwt.sign(rs256(idp.key()), input2)), "malformed_token");
  }

  @Test
  void rejectsDuplicateMemberNames() {
    String kid = idp.key().getKeyID();
    String dupHeader = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"alg\":\"none\"}";
    fails(token(dupHeader, json(clerkClaims()), rs256(idp.key())), "malformed_token");
    String dupKid = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"kid\":\"other\"}";
    fails(token(dupKid, json(clerkClaims()), rs256(idp.key())), "malformed_token");

    String base = json(clerkClaims());
    String body = base.substring(0, base.length() - 1);
    fails(signedPayload(body + ",\"sub\":\"user_admin\"}"), "malformed_token");
    fails(signedPayload(body + ",\"iss\":\"https://other.example.com\"}"), "malformed_token");
    fails(
        signedPayload(body + ",\"metadata\":{\"plan\":\"free\",\"plan\":\"enterprise\"}}"),
        "malformed_token");
    passes(signedPayload(body + ",\"metadata\":{\"plan\":\"free\"}}"));
  }

  @Test
  void rejectsJsonNestedDeeperThan32() {
    // the payload object is level 1; 31 arrays inside make 32 levels, 32 arrays make 33
    passes(signedPayload(withDeep(31)));
    fails(signedPayload(withDeep(32)), "malformed_token");
    fails(signedPayload(withDeep(200)), "malformed_token");
    fails(signedPayload(withDeep(5000)), "malformed_token");

    Map<String, Object> h = rsHeader();
    String header = json(h);
    String deepHeader = header.substring(0, header.length() - 1) + ",\"x\":" + nested(40) + "}";
    fails(token(deepHeader, json(clerkClaims()), rs256(idp.key())), "malformed_token");
  }

  private String withDeep(int arrays) {
    String base = json(clerkClaims());
    return base.substring(0, base.length() - 1) + ",\"deep\":" + nested(arrays) + "}";
  }

  private static String nested(int arrays) {
    return "[".repeat(arrays) + "]".repeat(arrays);
  }

  @Test
  void refusesTokensOver16KiBWith413() {
    String exact = tokenOfLength(16 * 1024);
    assertThat(exact).hasSize(16384);
    passes(exact);

    String over = tokenOfLength(16 * 1024 + 1);
    assertThat(over).hasSize(16385);
    fails(WS, over, "payload_too_large", TokenFailure.Kind.TOO_LARGE);
    fails(WS, "x".repeat(100_000), "payload_too_large", TokenFailure.Kind.TOO_LARGE);
  }

  /** A valid token of exactly {@code length} characters (padding claim and header field). */
  private String tokenOfLength(int length) {
    String sigPart = b64(new byte[256]);
    for (int h = 0; h < 4; h++) {
      Map<String, Object> header = rsHeader();
      header.put("p", "x".repeat(h));
      String headerPart = b64(json(header));
      int estimate = (length - headerPart.length() - 2 - sigPart.length()) * 3 / 4;
      for (int n = Math.max(0, estimate - 400); n < length; n++) {
        Map<String, Object> c = clerkClaims();
        c.put("pad", "x".repeat(n));
        String payloadPart = b64(json(c));
        int total = headerPart.length() + 1 + payloadPart.length() + 1 + sigPart.length();
        if (total == length) {
          return token(header, c, rs256(idp.key()));
        }
        if (total > length) {
          break;
        }
      }
    }
    throw new AssertionError("no token of length " + length);
  }

  // ----- issuer

  @Test
  void rejectsAnUnknownIssuerNamingIt() {
    TokenFailure f = fails(signed(claimsFor("https://evil.example.com")), "unknown_issuer");
    assertThat(f.detail()).contains("https://evil.example.com");
    assertThat(idp.jwksHits()).isZero();
  }

  @Test
  void quotesHostileTokenValuesEscapedAndCutInTheAdminsDetail() {
    String hostile = "https://evil\r\n.example.com/\u200b\u00e9\"\\" + "x".repeat(10_240);
    TokenFailure iss = fails(signed(claimsFor(hostile)), "unknown_issuer");
    assertThat(iss.detail())
        .contains("https://evil\\u000d\\u000a.example.com/\\u200b\u00e9\"\\")
        .contains("(10271 characters)")
        .doesNotContain("\r")
        .doesNotContain("\n")
        .doesNotContain("\u200b");
    assertThat(iss.detail().length()).isLessThan(400);

    TokenFailure kid =
        fails(token(header("RS256", hostile), clerkClaims(), rs256(idp.key())), "unknown_key");
    assertThat(kid.detail()).contains("(10271 characters)").doesNotContain("\n");
    TokenFailure alg =
        fails(
            token(header(hostile, null), clerkClaims(), rs256(idp.key())), "unsupported_algorithm");
    assertThat(alg.detail()).contains("(10271 characters)").doesNotContain("\r");
    assertThat(alg.publicDetail()).isEqualTo("the token's signing algorithm is not accepted");
  }

  @Test
  void rejectsAProviderOfAnotherWorkspace() {
    TokenFailure f =
        fails("ws-2", signed(clerkClaims()), "unknown_issuer", TokenFailure.Kind.REJECTED);
    assertThat(f.detail()).contains(issuer);
  }

  @Test
  void comparesIssuersExactly() {
    for (String variant :
        List.of(
            issuer + "/",
            issuer.toUpperCase(),
            issuer.replace("http://", "HTTP://"),
            " " + issuer,
            issuer + " ",
            issuer.replace("127.0.0.1", "localhost"),
            issuer.replace("1", "\uff11"))) {
      TokenFailure f = fails(signed(claimsFor(variant)), "unknown_issuer");
      assertThat(f.detail()).contains(variant);
    }
    assertThat(idp.jwksHits()).isZero();
  }

  @Test
  void rejectsAMissingOrNonStringIssuer() {
    Map<String, Object> c = clerkClaims();
    c.remove("iss");
    fails(signed(c), "unknown_issuer");
    c.put("iss", null);
    fails(signed(c), "unknown_issuer");
    c.put("iss", 42);
    fails(signed(c), "malformed_token");
    c.put("iss", List.of(issuer));
    fails(signed(c), "malformed_token");
  }

  // ----- key selection

  @Test
  void acceptsATokenWithoutKidOnlyWhenTheJwksHasExactlyOneUsableKey() {
    RSAKey only = idp.key();
    String noKid = token(header("RS256", null), clerkClaims(), rs256(only));
    passes(noKid);

    // a second usable key makes "the" key ambiguous
    idp.serveKeys(only, FakeIdp.newRsaKey("second"));
    keyCache.of(directory.byIssuer(WS, issuer).orElseThrow()).refreshNow();
    TokenFailure f = fails(noKid, "unknown_key");
    assertThat(f.detail()).contains("no 'kid'").contains("2 usable");
    // tokens naming their kid still pass
    passes(signed(clerkClaims()));
  }

  @Test
  void neverUsesUnusableKeys() {
    RSAKey good = FakeIdp.newRsaKey("good");
    RSAKey weak = TestJwt.rsaKey("weak-1024", 1024);
    RSAKey enc = new RSAKey.Builder(FakeIdp.newRsaKey("enc")).keyUse(KeyUse.ENCRYPTION).build();
    RSAKey rs384 =
        new RSAKey.Builder(FakeIdp.newRsaKey("rs384")).algorithm(JWSAlgorithm.RS384).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    OctetSequenceKey oct = new OctetSequenceKey.Builder(secret).keyID("oct").build();
    ECKey p384 = TestJwt.ecKey("p384", Curve.P_384);
    idp.serveJwks(
        new JWKSet(
                List.of(
                    good.toPublicJWK(),
                    weak.toPublicJWK(),
                    enc.toPublicJWK(),
                    rs384.toPublicJWK(),
                    oct,
                    p384.toPublicJWK()))
            .toString(false));
    register(
        provider("https://es-rs.example.com")
            .id("es-rs")
            .jwksUri(idp.jwksUrl())
            .algorithms("RS256", "ES256"));

    passes(signedBy(good, "good", clerkClaims()));
    for (RSAKey k : List.of(weak, enc, rs384)) {
      TokenFailure f = fails(signedBy(k, k.getKeyID(), clerkClaims()), "unknown_key");
      assertThat(f.detail()).contains(k.getKeyID());
    }
    fails(signedBy(good, "oct", clerkClaims()), "unknown_key");
    fails(
        token(
            header("ES256", "p384"),
            claimsFor("https://es-rs.example.com"),
            constant(new byte[64])),
        "unknown_key");

    // without a kid, only the one usable key is a candidate: the others never verify anything
    passes(token(header("RS256", null), clerkClaims(), rs256(good)));
    for (RSAKey k : List.of(weak, enc, rs384)) {
      fails(token(header("RS256", null), clerkClaims(), rs256(k)), "invalid_signature");
    }
  }

  @Test
  void usesAKeyWhoseJwkAlgMatchesTheToken() {
    RSAKey tagged =
        new RSAKey.Builder(FakeIdp.newRsaKey("tagged"))
            .algorithm(JWSAlgorithm.RS256)
            .keyUse(KeyUse.SIGNATURE)
            .build();
    idp.serveKeys(tagged);
    passes(signedBy(tagged, "tagged", clerkClaims()));
  }

  @Test
  void rejectsAnAlteredPayloadOrSignature() {
    String good = signed(clerkClaims());
    Map<String, Object> c = clerkClaims();
    c.put("sub", "user_admin");
    fails(TestJwt.withPayload(good, json(c)), "invalid_signature");

    Map<String, Object> later = clerkClaims();
    later.put("exp", T + 86_400);
    fails(TestJwt.withPayload(good, json(later)), "invalid_signature");

    String[] p = good.split("\\.");
    byte[] sig = Base64.getUrlDecoder().decode(p[2]);
    sig[10] ^= 1;
    fails(p[0] + "." + p[1] + "." + b64(sig), "invalid_signature");
    fails(p[0] + "." + p[1] + "." + b64(new byte[256]), "invalid_signature");
    fails(p[0] + "." + p[1] + "." + b64(new byte[] {1, 2, 3}), "invalid_signature");

    Map<String, Object> h = rsHeader();
    h.put("typ", "other");
    fails(b64(json(h)) + "." + p[1] + "." + p[2], "invalid_signature");
  }

  // ----- times

  @Test
  void acceptsExpiryInsideTheSkewAndRejectsItOutside() {
    Map<String, Object> c = clerkClaims();
    c.put("exp", T - 4);
    passes(signed(c));
    c.put("exp", T - 5);
    passes(signed(c));
    c.put("exp", new BigDecimal(T).subtract(new BigDecimal("4.5")));
    passes(signed(c));
    c.put("exp", new BigDecimal(T).subtract(new BigDecimal("5.5")));
    fails(signed(c), "token_expired");
    c.put("exp", T - 6);
    TokenFailure f = fails(signed(c), "token_expired");
    assertThat(f.detail()).contains("expired");
    c.put("exp", T - 3600);
    fails(signed(c), "token_expired");
  }

  @Test
  void rejectsNbfOrIatInTheFutureBeyondTheSkew() {
    Map<String, Object> c = clerkClaims();
    c.put("nbf", T + 4);
    passes(signed(c));
    c.put("nbf", T + 6);
    assertThat(fails(signed(c), "token_not_yet_valid").detail()).contains("nbf");

    Map<String, Object> c2 = clerkClaims();
    c2.put("iat", T + 4);
    passes(signed(c2));
    c2.put("iat", T + 6);
    assertThat(fails(signed(c2), "token_not_yet_valid").detail()).contains("iat");

    Map<String, Object> c3 = clerkClaims();
    c3.remove("nbf");
    c3.remove("iat");
    passes(signed(c3));
  }

  @Test
  void usesTheProvidersOwnSkew() {
    register(provider("https://skew.example.com").id("skew").jwksUri(idp.jwksUrl()).skew(60));
    Map<String, Object> c = claimsFor("https://skew.example.com");
    c.put("exp", T - 50);
    c.put("nbf", T + 50);
    passes(signed(c));
    c.put("exp", T - 70);
    fails(signed(c), "token_expired");
  }

  @Test
  void requiresExp() {
    Map<String, Object> c = clerkClaims();
    c.remove("exp");
    assertThat(fails(signed(c), "missing_required_claim").detail()).contains("exp");
  }

  @Test
  void requiresTimesToBeJsonNumbers() {
    for (String name : List.of("exp", "nbf", "iat")) {
      for (Object bad : List.of(String.valueOf(T + 60), true, List.of(T + 60))) {
        Map<String, Object> c = clerkClaims();
        c.put(name, bad);
        fails(signed(c), "malformed_token");
      }
    }
    Map<String, Object> c = clerkClaims();
    c.put("exp", null);
    fails(signed(c), "malformed_token");
  }

  @Test
  void answersAtOnceForAbsurdNumericDates() {
    String head = "{\"iss\":\"" + issuer + "\",\"sub\":\"user_2xyz\",";
    List<String> payloads =
        List.of(
            head + "\"exp\":1e99999999}",
            head + "\"exp\":1e-99999999}",
            head + "\"exp\":" + (T + 60) + ",\"nbf\":1e-99999999}",
            head + "\"exp\":" + (T + 60) + ",\"iat\":1e99999999}");
    for (String p : payloads) {
      String t = signedPayload(p);
      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> {
            try {
              Verifying.trusted(verifier, WS, t);
            } catch (TokenFailure expected) {
              // any verdict will do, as long as it comes at once
            }
          });
    }
  }

  @Test
  void reportsAFarFutureExpiryAsFarFuture() {
    Map<String, Object> c = clerkClaims();
    c.put("exp", new BigDecimal("10000000000000000000"));
    assertThat(passes(signed(c)).expiresAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void acceptsFractionalAndLargeNumericDates() {
    Map<String, Object> c = clerkClaims();
    c.put("exp", new BigDecimal(T + 60).add(new BigDecimal("0.75")));
    c.put("iat", new BigDecimal(T).subtract(new BigDecimal("0.25")));
    assertThat(passes(signed(c)).expiresAt()).isEqualTo(NOW.plusSeconds(60));
    c.put("exp", new BigDecimal("300000000000"));
    assertThat(passes(signed(c)).expiresAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  // ----- subject, audience, authorized party

  @Test
  void requiresSub() {
    Map<String, Object> c = clerkClaims();
    c.remove("sub");
    fails(signed(c), "missing_required_claim");
    c.put("sub", null);
    fails(signed(c), "missing_required_claim");
    c.put("sub", "");
    fails(signed(c), "missing_required_claim");
    c.put("sub", 42);
    fails(signed(c), "malformed_token");
  }

  @Test
  void checksAudienceWhenAllowedAudiencesAreSet() {
    String iss = "https://aud.example.com";
    register(
        provider(iss).id("aud").jwksUri(idp.jwksUrl()).audiences("api://orders", "api://billing"));
    Map<String, Object> c = claimsFor(iss);

    c.put("aud", "api://orders");
    passes(signed(c));
    c.put("aud", List.of("api://other", "api://billing"));
    passes(signed(c));

    c.put("aud", "api://other");
    assertThat(fails(signed(c), "invalid_audience").detail()).contains("api://other");
    c.put("aud", "API://ORDERS");
    fails(signed(c), "invalid_audience");
    c.put("aud", "api://orders/");
    fails(signed(c), "invalid_audience");
    c.put("aud", List.of("api://other", "api://another"));
    fails(signed(c), "invalid_audience");
    c.put("aud", List.of());
    fails(signed(c), "invalid_audience");
    c.put("aud", List.of(List.of("api://orders")));
    fails(signed(c), "invalid_audience");
    c.put("aud", null);
    fails(signed(c), "invalid_audience");
    c.remove("aud");
    assertThat(fails(signed(c), "invalid_audience").detail()).contains("no 'aud'");
  }

  @Test
  void acceptsAClerkSessionTokenWithoutAudWhenNoAudiencesAreSet() {
    Map<String, Object> c = clerkClaims();
    assertThat(c).doesNotContainKey("aud");
    passes(signed(c));
    c.put("aud", "anything");
    passes(signed(c));
  }

  @Test
  void checksTheAuthorizedPartyWhenPresent() {
    Map<String, Object> c = clerkClaims();
    c.put("azp", "https://evil.example.com");
    assertThat(fails(signed(c), "invalid_authorized_party").detail())
        .contains("https://evil.example.com");
    c.put("azp", APP + "/");
    fails(signed(c), "invalid_authorized_party");
    c.put("azp", APP.toUpperCase());
    fails(signed(c), "invalid_authorized_party");
    c.put("azp", 42);
    fails(signed(c), "invalid_authorized_party");

    c.put("azp", APP);
    passes(signed(c));
    c.remove("azp");
    passes(signed(c));
    c.put("azp", null);
    passes(signed(c));
    c.put("azp", "");
    passes(signed(c));
  }

  @Test
  void ignoresAzpWhenNoAuthorizedPartiesAreSet() {
    register(provider("https://open.example.com").id("open").jwksUri(idp.jwksUrl()));
    Map<String, Object> c = claimsFor("https://open.example.com");
    c.put("azp", "https://whoever.example.com");
    passes(signed(c));
  }

  // ----- required mapped claims

  @Test
  void rejectsAMissingOrNullRequiredMappedClaim() {
    String iss = "https://req.example.com";
    register(
        provider(iss)
            .id("req")
            .jwksUri(idp.jwksUrl())
            .mappings(new ClaimMapping("metadata.plan", "plan", true, null)));
    Map<String, Object> c = claimsFor(iss);

    TokenFailure f = fails(signed(c), "missing_required_claim");
    assertThat(f.detail()).contains("metadata.plan");
    c.put("metadata", null);
    fails(signed(c), "missing_required_claim");
    c.put("metadata", obj("plan", null));
    fails(signed(c), "missing_required_claim");
    c.put("metadata", obj("other", "x"));
    fails(signed(c), "missing_required_claim");

    c.put("metadata", obj("plan", "free"));
    assertThat(passes(signed(c)).attributes()).containsEntry("ext_plan", "free");
  }
}
