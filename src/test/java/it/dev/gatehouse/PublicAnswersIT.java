package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacker-controlled text never reaches a response header, and public answers say nothing of the
 * inside (docs/security.md#response-headers-and-public-answers): tokens whose iss, kid, alg, crit,
 * aud or azp hold U+200B, é, CR, LF, {@code "}, {@code \} or 10 KB of text, and a provider named
 * "Clerk – prod", answered by check, check-batch and an {@code @ExternalAuthorize} endpoint, each
 * read by a strict raw-socket HTTP/1.1 client; admins still see the full reason.
 */
class PublicAnswersIT extends OnSharedServer {
  /** docs/api.md#token-codes: the one public text per code. */
  static final Map<String, String> PUBLIC_DETAIL =
      Map.ofEntries(
          Map.entry("missing_token", "no token was given"),
          Map.entry("malformed_token", "the token is not a well-formed signed JWT"),
          Map.entry("unknown_issuer", "the token's issuer is not registered in this workspace"),
          Map.entry("unsupported_algorithm", "the token's signing algorithm is not accepted"),
          Map.entry("invalid_signature", "the token's signature does not verify"),
          Map.entry("unknown_key", "the token's signing key is not known"),
          Map.entry("token_expired", "the token has expired"),
          Map.entry("token_not_yet_valid", "the token is not valid yet"),
          Map.entry("invalid_audience", "the token is not meant for this audience"),
          Map.entry("invalid_authorized_party", "the token's authorized party is not accepted"),
          Map.entry("missing_required_claim", "the token lacks a required claim"),
          Map.entry(
              "jwks_unavailable",
              "the keys to verify the token cannot be had at the moment; retry later"),
          Map.entry("payload_too_large", "the token is too large"));

  static final String NAME = "Clerk – prod";
  static final String DOWN_NAME = "Clerk – prod (backup)";
  static final String AUDIENCE = "app-main";
  static final String PARTY = "https://app.example.com";
  static final String TEN_KB = "x".repeat(10_240);

  /** The hostile values, each with a label for the assertion messages. */
  static final Map<String, String> HOSTILE = new LinkedHashMap<>();

  static {
    HOSTILE.put("U+200B", "evil\u200bvalue");
    HOSTILE.put("U+00E9", "évil-value");
    HOSTILE.put("CR", "evil\rvalue");
    HOSTILE.put("LF", "evil\nvalue");
    HOSTILE.put("CRLF + header", "evil\r\nSet-Cookie: a=b");
    HOSTILE.put("quote", "evil\"value");
    HOSTILE.put("backslash", "evil\\value");
    HOSTILE.put("10 KB", TEN_KB);
  }

  static String tenant;
  static String downTenant;
  static String providerId;
  static String downProviderId;
  static int closedPort;
  static StrictHttp strict;

  @BeforeAll
  static void setUp() throws Exception {
    strict = new StrictHttp(server.baseUrl());
    tenant = Workspaces.unique("prod");
    downTenant = Workspaces.unique("down");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    providerId =
        provider(
            "{\"name\":\""
                + NAME
                + "\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\",\"allowedAudiences\":[\""
                + AUDIENCE
                + "\"],\"authorizedParties\":[\""
                + PARTY
                + "\"],\"allowedAlgorithms\":[\"RS256\"]}");
    downProviderId =
        provider(
            "{\"name\":\""
                + DOWN_NAME
                + "\",\"providerType\":\"oidc\",\"issuer\":\""
                + idp.issuer(downTenant)
                + "\",\"jwksUri\":\"http://127.0.0.1:"
                + closedPort
                + "/jwks.json\"}");
  }

  @AfterAll
  static void removeProviders() {
    for (String id : new String[] {providerId, downProviderId}) {
      if (id != null) {
        admin.delete("/api/v1/admin/workspaces/demo/providers/" + id);
      }
    }
  }

  private static String provider(String json) {
    Http.Reply r = admin.post("/api/v1/admin/workspaces/demo/providers", json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data().getString("id");
  }

  // ---------------------------------------------------------------- tokens

  private static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObjectBuilder header() {
    return Json.createObjectBuilder().add("alg", "RS256").add("kid", idp.key(tenant).getKeyID());
  }

  private static JsonObjectBuilder claims(String issuer) {
    long now = System.currentTimeMillis() / 1000;
    return Json.createObjectBuilder()
        .add("iss", issuer)
        .add("sub", "user_1")
        .add("iat", now)
        .add("exp", now + 600)
        .add("aud", AUDIENCE)
        .add("azp", PARTY);
  }

  private static String signed(JsonObjectBuilder header, JsonObjectBuilder claims, RSAKey key) {
    String input = b64(header.build().toString()) + "." + b64(claims.build().toString());
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.toRSAPrivateKey());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signed(JsonObjectBuilder header, JsonObjectBuilder claims) {
    return signed(header, claims, idp.key(tenant));
  }

  /** One hostile token: the field it attacks, the value's label, the token, the expected code. */
  record Case(String field, String label, String token, String code) {
    @Override
    public String toString() {
      return field + " with " + label + " (" + code + ")";
    }
  }

  private static List<Case> hostileCases() {
    String iss = idp.issuer(tenant);
    List<Case> cases = new ArrayList<>();
    HOSTILE.forEach(
        (label, v) -> {
          cases.add(
              new Case("iss", label, signed(header(), claims("https://" + v)), "unknown_issuer"));
          cases.add(
              new Case("kid", label, signed(header().add("kid", v), claims(iss)), "unknown_key"));
          cases.add(
              new Case(
                  "alg",
                  label,
                  signed(header().add("alg", v), claims(iss)),
                  "unsupported_algorithm"));
          JsonArrayBuilder crit = Json.createArrayBuilder().add(v);
          cases.add(
              new Case(
                  "crit",
                  label,
                  signed(header().add("crit", crit), claims(iss)),
                  "malformed_token"));
          cases.add(
              new Case(
                  "aud", label, signed(header(), claims(iss).add("aud", v)), "invalid_audience"));
          cases.add(
              new Case(
                  "azp",
                  label,
                  signed(header(), claims(iss).add("azp", v)),
                  "invalid_authorized_party"));
        });
    return cases;
  }

  // ---------------------------------------------------------------- the three public doors

  private static String json(String s) {
    return Json.createValue(s).toString();
  }

  private static StrictHttp.Reply check(String token) {
    return strict.post(
        "/api/v1/workspaces/demo/authorization/check",
        "{\"token\":" + json(token) + ",\"resource\":\"orders\",\"action\":\"approve\"}",
        Map.of());
  }

  private static StrictHttp.Reply batch(String token) {
    return strict.post(
        "/api/v1/workspaces/demo/authorization/check-batch",
        "{\"token\":"
            + json(token)
            + ",\"checks\":[{\"resource\":\"orders\",\"action\":\"approve\"},"
            + "{\"resource\":\"orders\",\"action\":\"read\"}]}",
        Map.of());
  }

  private static StrictHttp.Reply annotated(String token) {
    return strict.post(
        "/demo/orders/order-1/approve",
        "{\"orderAmount\":5}",
        Map.of("Authorization", "Bearer " + token));
  }

  /**
   * Asserts a clean public answer: status, the exact challenge (401) or Retry-After (503), the
   * problem body with the fixed detail, and nothing of the inside in body or headers.
   */
  private static void assertPublic(
      StrictHttp.Reply r, int status, String code, String what, String... secrets) {
    String as = what + ": " + r;
    assertThat(r.status()).as(as).isEqualTo(status);
    assertThat(r.header("Content-Type")).as(as).startsWith("application/problem+json");
    if (status == 401) {
      assertThat(r.all("WWW-Authenticate"))
          .as(as)
          .containsExactly(
              "Bearer error=\"invalid_token\", error_description=\""
                  + PUBLIC_DETAIL.get(code)
                  + "\"");
    } else {
      assertThat(r.header("WWW-Authenticate")).as(as).isNull();
    }
    if (status == 503) {
      assertThat(r.header("Retry-After")).as(as).matches("[1-9][0-9]*");
    }
    JsonObject p = r.object();
    assertThat(p.getString("code")).as(as).isEqualTo(code);
    assertThat(p.getInt("status")).as(as).isEqualTo(status);
    assertThat(p.getString("detail")).as(as).isEqualTo(PUBLIC_DETAIL.get(code));
    assertThat(p.keySet())
        .as(as)
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
    List<String> inside =
        new ArrayList<>(
            List.of(
                tenant,
                downTenant,
                "Clerk",
                "RS256",
                "http",
                "127.0.0.1",
                String.valueOf(closedPort),
                "evil",
                "xxxxxxxxxx"));
    inside.addAll(List.of(secrets));
    // The body and every header value (names such as "Connection" are the protocol's own).
    String everything = r.body() + " " + r.headers().values();
    for (String s : inside) {
      assertThat(everything).as(as + " names " + s).doesNotContain(s);
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  void hostileTokenValuesNeverReachAHeaderOrThePublicBody() throws Exception {
    for (Case c : hostileCases()) {
      assertPublic(check(c.token()), 401, c.code(), "check, " + c);
      assertPublic(batch(c.token()), 401, c.code(), "check-batch, " + c);
      assertPublic(annotated(c.token()), 401, c.code(), "@ExternalAuthorize, " + c);
    }
    // Refused tokens are logged at FINE only (off by default): nothing of them in messages.log,
    // least of all a line that a CR/LF in a token started.
    String log = server.messagesLog();
    assertThat(log).doesNotContain("evil").doesNotContain("Set-Cookie: a=b");
  }

  @Test
  void aHostileRawTokenIsAFixedMalformedToken() {
    for (Map.Entry<String, String> e : HOSTILE.entrySet()) {
      String token = "a." + e.getValue() + ".b";
      assertPublic(check(token), 401, "malformed_token", "check, raw " + e.getKey());
      assertPublic(batch(token), 401, "malformed_token", "check-batch, raw " + e.getKey());
    }
  }

  @Test
  void noTokenIsAFixedMissingToken() {
    assertPublic(
        strict.post(
            "/api/v1/workspaces/demo/authorization/check",
            "{\"resource\":\"orders\",\"action\":\"approve\"}",
            Map.of()),
        401,
        "missing_token",
        "check without a token");
    assertPublic(
        strict.post("/demo/orders/order-1/approve", "{\"orderAmount\":5}", Map.of()),
        401,
        "missing_token",
        "@ExternalAuthorize without a token");
  }

  @Test
  void aProviderNamedWithAnEnDashKeepsItsRefusalsClean() throws Exception {
    String iss = idp.issuer(tenant);
    String kid = idp.key(tenant).getKeyID();
    String es256 = signed(header().add("alg", "ES256"), claims(iss));
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(kid).generate();
    String forged = signed(header(), claims(iss), stranger);
    for (var door : doors().entrySet()) {
      assertPublic(door.getValue().apply(es256), 401, "unsupported_algorithm", door.getKey(), kid);
      assertPublic(door.getValue().apply(forged), 401, "invalid_signature", door.getKey(), kid);
    }

    JsonObject alg = inspect(es256);
    assertThat(alg.getString("code")).isEqualTo("unsupported_algorithm");
    assertThat(alg.getString("detail")).contains("ES256").contains(NAME).contains("RS256");
    assertThat(explain(es256).getString("detail")).isEqualTo(alg.getString("detail"));
    JsonObject sig = inspect(forged);
    assertThat(sig.getString("code")).isEqualTo("invalid_signature");
    assertThat(sig.getString("detail")).contains(kid).contains(NAME);
    assertThat(explain(forged).getString("detail")).isEqualTo(sig.getString("detail"));
  }

  @Test
  void unreachableKeysAreAFixed503WithoutTheUrlOrTheFetchError() {
    String token = signed(header(), claims(idp.issuer(downTenant)));
    for (var door : doors().entrySet()) {
      assertPublic(
          door.getValue().apply(token),
          503,
          "jwks_unavailable",
          door.getKey(),
          "jwks.json",
          "refused",
          "onnect");
    }
    JsonObject i = inspect(token);
    assertThat(i.getString("code")).isEqualTo("jwks_unavailable");
    assertThat(i.getString("detail")).contains(DOWN_NAME);
    JsonObject keys =
        admin.get("/api/v1/admin/workspaces/demo/providers/" + downProviderId + "/keys").data();
    assertThat(keys.toString()).contains(String.valueOf(closedPort));
    assertThat(explain(token).getString("code")).isEqualTo("jwks_unavailable");
  }

  @Test
  void adminsStillSeeTheFullReasonEscapedAndCut() {
    String iss = "https://evil\r\n\u200bé\"\\" + TEN_KB;
    String token = signed(header(), claims(iss));
    assertPublic(check(token), 401, "unknown_issuer", "check");
    JsonObject i = inspect(token);
    assertThat(i.getString("code")).isEqualTo("unknown_issuer");
    assertThat(i.getString("detail"))
        .contains("https://evil\\u000d\\u000a\\u200bé\"\\")
        .contains("(" + iss.length() + " characters)")
        .doesNotContain("\r")
        .doesNotContain("\n")
        .doesNotContain("\u200b");
    assertThat(i.getString("detail").length()).isLessThan(400);
    // The unverified claims themselves are there, whole, JSON-escaped.
    assertThat(i.getJsonObject("claims").getString("iss")).isEqualTo(iss);
    JsonObject e = explain(token);
    assertThat(e.getString("code")).isEqualTo("unknown_issuer");
    assertThat(e.getString("detail")).isEqualTo(i.getString("detail"));

    for (Case c : hostileCases()) {
      JsonObject seen = inspect(c.token());
      assertThat(seen.getString("code")).as(c.toString()).isEqualTo(c.code());
      assertThat(seen.getString("detail"))
          .as(c.toString())
          .isNotEqualTo(PUBLIC_DETAIL.get(c.code()));
    }
  }

  private static Map<String, java.util.function.Function<String, StrictHttp.Reply>> doors() {
    Map<String, java.util.function.Function<String, StrictHttp.Reply>> d = new LinkedHashMap<>();
    d.put("check", PublicAnswersIT::check);
    d.put("check-batch", PublicAnswersIT::batch);
    d.put("@ExternalAuthorize", PublicAnswersIT::annotated);
    return d;
  }

  private static JsonObject inspect(String token) {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/demo/tokens/inspect", "{\"token\":" + json(token) + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  private static JsonObject explain(String token) {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/demo/authorization/explain",
            "{\"token\":" + json(token) + ",\"resource\":\"orders\",\"action\":\"approve\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }
}
