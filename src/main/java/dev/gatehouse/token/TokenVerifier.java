package dev.gatehouse.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether a token can be trusted in a workspace, in the order of
 * docs/api.md#what-makes-a-token-trusted: size and form, issuer → provider, algorithm, key,
 * signature, times, audience, authorized party, required claims. The one verifier behind the check
 * API, explain, inspect and the interceptor.
 */
public final class TokenVerifier {
  /** Numeric dates are clamped to years 0001–9999 before any arithmetic (see numericDate). */
  private static final BigDecimal LATEST = BigDecimal.valueOf(253402300799L);

  private static final BigDecimal EARLIEST = BigDecimal.valueOf(-62135596800L);
  private static final BigDecimal NANO = new BigDecimal("1e-9");

  private final ProviderDirectory providers;
  private final KeyCache keys;
  private final Clock clock;
  private final TokenCache cache;

  /** A verifier without a cache of verified tokens (every call checks the signature). */
  public TokenVerifier(ProviderDirectory providers, KeyCache keys, Clock clock) {
    this(providers, keys, clock, TokenCache.disabled());
  }

  public TokenVerifier(ProviderDirectory providers, KeyCache keys, Clock clock, TokenCache cache) {
    this.providers = providers;
    this.keys = keys;
    this.clock = clock;
    this.cache = cache;
  }

  /**
   * Like {@link #inspect}, but answers from the cache of verified tokens when it can (the hot path
   * of checks and the interceptor). A hit carries no parsed form ({@code jws} is null).
   */
  public Inspection check(String workspaceId, String token) {
    if (token != null && token.length() <= CompactJws.MAX_TOKEN_CHARS) {
      VerifiedToken hit = cache.get(workspaceId, token, providers, keys);
      if (hit != null) {
        return new Inspection(null, hit.provider(), hit, null);
      }
    }
    return inspect(workspaceId, token);
  }

  /** What became of one token: the parts that could be read, and the verdict. */
  public record Inspection(
      CompactJws jws, TrustedProvider provider, VerifiedToken verified, TokenFailure failure) {
    public boolean valid() {
      return verified != null;
    }
  }

  /** Verifies {@code token} and keeps whatever could be read, for inspect and explain. */
  public Inspection inspect(String workspaceId, String token) {
    CompactJws jws = null;
    TrustedProvider provider = null;
    try {
      jws = CompactJws.parse(token);
      checkHeader(jws.header());
      provider = providerOf(workspaceId, jws.payload());
      return new Inspection(jws, provider, verify(jws, provider), null);
    } catch (TokenFailure f) {
      return new Inspection(jws, provider, null, f);
    }
  }

  private VerifiedToken verify(CompactJws jws, TrustedProvider provider) {
    JWSAlgorithm alg = algorithm(jws.header(), provider);
    String kid = stringOrNull(jws.header(), "kid", "kid");
    List<JWK> candidates = keys.of(provider).keysFor(kid, alg);
    JWK signer = null;
    for (JWK key : candidates) {
      if (Signatures.verify(key, alg, jws.signingInput(), jws.signature())) {
        signer = key;
        break;
      }
    }
    if (signer == null) {
      throw invalid(
          "invalid_signature",
          "the signature does not verify with the key"
              + (kid == null ? "" : " '" + TokenFailure.quote(kid) + "'")
              + " of provider '"
              + provider.name()
              + "'");
    }
    JsonObject claims = jws.payload();
    Instant now = clock.instant();
    Instant exp = checkTimes(claims, provider, now);
    String sub = subject(claims);
    checkAudience(claims, provider);
    checkAuthorizedParty(claims, provider);
    ClaimMapper.Result mapped = ClaimMapper.map(provider, claims);
    VerifiedToken verified =
        new VerifiedToken(
            jws.raw(),
            provider,
            jws.header(),
            claims,
            mapped.attributes(),
            mapped.outcomes(),
            sub,
            exp);
    cache.put(provider.workspaceId(), verified, signer);
    return verified;
  }

  /** Refuses JWE, unencoded payloads, nested tokens and any {@code crit} (none is understood). */
  private static void checkHeader(JsonObject header) {
    if (header.containsKey("enc")) {
      throw invalid("malformed_token", "the token is encrypted (JWE); only signed JWS is accepted");
    }
    if (header.containsKey("crit")) {
      throw invalid(
          "malformed_token",
          "the token marks header parameters as critical ("
              + TokenFailure.quote(header.get("crit").toString())
              + ") that Gatehouse does not understand");
    }
    if (header.containsKey("b64")) {
      throw invalid("malformed_token", "unencoded payloads (b64) are not accepted");
    }
    JsonValue cty = header.get("cty");
    if (cty instanceof JsonString s && s.getString().equalsIgnoreCase("JWT")) {
      throw invalid("malformed_token", "nested tokens (cty: JWT) are not accepted");
    }
  }

  private TrustedProvider providerOf(String workspaceId, JsonObject payload) {
    JsonValue iss = payload.get("iss");
    if (iss == null || iss.getValueType() == JsonValue.ValueType.NULL) {
      throw invalid(
          "unknown_issuer", "the token has no 'iss' claim, so no provider can vouch for it");
    }
    if (!(iss instanceof JsonString s)) {
      throw invalid("malformed_token", "the token's 'iss' claim is not a string");
    }
    return providers
        .byIssuer(workspaceId, s.getString())
        .orElseThrow(
            () ->
                invalid(
                    "unknown_issuer",
                    "the token's issuer '"
                        + TokenFailure.quote(s.getString())
                        + "' is not registered in this workspace: no provider has it (issuers"
                        + " are compared exactly, trailing slash included)"));
  }

  private static JWSAlgorithm algorithm(JsonObject header, TrustedProvider provider) {
    JsonValue alg = header.get("alg");
    if (!(alg instanceof JsonString s)) {
      throw invalid("malformed_token", "the token's header has no 'alg' string");
    }
    String name = s.getString();
    if (name.equalsIgnoreCase("none")) {
      throw invalid("unsupported_algorithm", "unsigned tokens (alg: none) are never accepted");
    }
    if (name.startsWith("HS")) {
      throw invalid(
          "unsupported_algorithm",
          "symmetric algorithms ("
              + TokenFailure.quote(name)
              + ") are never accepted; only asymmetric signatures");
    }
    if (!Signatures.JDK_NAMES.containsKey(name) || !provider.allowedAlgorithms().contains(name)) {
      throw invalid(
          "unsupported_algorithm",
          "algorithm '"
              + TokenFailure.quote(name)
              + "' is not allowed for provider '"
              + provider.name()
              + "' (allowed: "
              + String.join(", ", provider.allowedAlgorithms())
              + ")");
    }
    return JWSAlgorithm.parse(name);
  }

  private static Instant checkTimes(JsonObject claims, TrustedProvider provider, Instant now) {
    BigDecimal skew = BigDecimal.valueOf(provider.clockSkewSeconds());
    BigDecimal nowSeconds =
        BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9));
    BigDecimal exp = numericDate(claims, "exp");
    if (exp == null) {
      throw invalid("missing_required_claim", "the token has no 'exp' claim");
    }
    if (exp.add(skew).compareTo(nowSeconds) < 0) {
      throw invalid(
          "token_expired",
          "the token expired at "
              + instant(exp)
              + " (now "
              + now
              + ", skew "
              + provider.clockSkewSeconds()
              + " s)");
    }
    for (String name : new String[] {"nbf", "iat"}) {
      BigDecimal t = numericDate(claims, name);
      if (t != null && t.subtract(skew).compareTo(nowSeconds) > 0) {
        throw invalid(
            "token_not_yet_valid",
            "the token's '"
                + name
                + "' is "
                + instant(t)
                + ", in the future (now "
                + now
                + ", skew "
                + provider.clockSkewSeconds()
                + " s)");
      }
    }
    return instant(exp);
  }

  private static BigDecimal numericDate(JsonObject claims, String name) {
    JsonValue v = claims.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonNumber n)) {
      throw invalid("malformed_token", "the token's '" + name + "' claim is not a JSON number");
    }
    // compareTo looks at magnitudes first, so 1e99999999 costs nothing here; arithmetic on it
    // would build a hundred-million-digit number.
    BigDecimal d = n.bigDecimalValue();
    if (d.compareTo(LATEST) > 0) {
      return LATEST;
    }
    if (d.compareTo(EARLIEST) < 0) {
      return EARLIEST;
    }
    if (d.abs().compareTo(NANO) < 0) {
      return BigDecimal.ZERO;
    }
    return d;
  }

  /** A numeric date already clamped by {@link #numericDate}, to whole seconds. */
  private static Instant instant(BigDecimal seconds) {
    return Instant.ofEpochSecond(
        seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
  }

  private static String subject(JsonObject claims) {
    JsonValue sub = claims.get("sub");
    if (sub == null || sub.getValueType() == JsonValue.ValueType.NULL) {
      throw invalid("missing_required_claim", "the token has no 'sub' claim");
    }
    if (!(sub instanceof JsonString s)) {
      throw invalid("malformed_token", "the token's 'sub' claim is not a string");
    }
    if (s.getString().isEmpty()) {
      throw invalid("missing_required_claim", "the token's 'sub' claim is empty");
    }
    return s.getString();
  }

  private static void checkAudience(JsonObject claims, TrustedProvider provider) {
    if (provider.allowedAudiences().isEmpty()) {
      return;
    }
    JsonValue aud = claims.get("aud");
    if (aud instanceof JsonString s && provider.allowedAudiences().contains(s.getString())) {
      return;
    }
    if (aud instanceof JsonArray a) {
      for (JsonValue v : a) {
        if (v instanceof JsonString s && provider.allowedAudiences().contains(s.getString())) {
          return;
        }
      }
    }
    throw invalid(
        "invalid_audience",
        (aud == null
                ? "the token has no 'aud' claim"
                : "the token's audience " + TokenFailure.quote(aud.toString()))
            + " names none of the provider's allowed audiences "
            + provider.allowedAudiences());
  }

  private static void checkAuthorizedParty(JsonObject claims, TrustedProvider provider) {
    JsonValue azp = claims.get("azp");
    if (provider.authorizedParties().isEmpty()
        || azp == null
        || azp.getValueType() == JsonValue.ValueType.NULL
        || (azp instanceof JsonString e && e.getString().isEmpty())) {
      return;
    }
    if (azp instanceof JsonString s && provider.authorizedParties().contains(s.getString())) {
      return;
    }
    throw invalid(
        "invalid_authorized_party",
        "the token's authorized party (azp) "
            + TokenFailure.quote(azp.toString())
            + " is not one of "
            + provider.authorizedParties());
  }

  private static String stringOrNull(JsonObject o, String name, String what) {
    JsonValue v = o.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s)) {
      throw invalid("malformed_token", "the token's '" + what + "' is not a string");
    }
    return s.getString();
  }

  private static TokenFailure invalid(String code, String detail) {
    return TokenFailure.invalid(code, detail);
  }
}
