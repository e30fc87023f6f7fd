package it.dev.gatehouse;

import static dev.gatehouse.Samples.ORDER_APPROVAL;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check API answers the verified principal on request (docs/api.md#check, {@code
 * "include":["principal"]}): on an allow and on a deny, once for a batch, never for a refused
 * token, and not at all unless asked; hostile claim text comes back as JSON-escaped data in the
 * body only (docs/security.md#response-headers-and-public-answers).
 */
class CheckPrincipalIT extends OnSharedServer {
  static final String MAPPINGS =
      "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"},"
          + "{\"jwtPath\":\"metadata.plan\",\"attribute\":\"plan\",\"defaultValue\":\"free\"},"
          + "{\"jwtPath\":\"note\",\"attribute\":\"note\"}]";

  /** The members a check's data had before include existed (docs/api.md#check). */
  static final List<String> DECISION_MEMBERS =
      List.of("allowed", "decision", "decisionId", "policy", "ruleId", "reason");

  static String ws;
  static String tenant;
  static String providerId;
  static StrictHttp strict;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "principal");
    tenant = Workspaces.unique("principal");
    providerId = Workspaces.clerkProvider(ws, tenant, MAPPINGS);
    Workspaces.createPolicy(ws, ORDER_APPROVAL);
    strict = new StrictHttp(server.baseUrl());
  }

  private static String path(String endpoint) {
    return "/api/v1/workspaces/" + ws + "/authorization/" + endpoint;
  }

  /** A check of orders/approve for {@code amount}, with {@code include} (raw JSON) unless null. */
  private static String body(String token, int amount, String include) {
    return "{\"token\":\""
        + token
        + "\",\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":"
        + amount
        + "}"
        + (include == null ? "" : ",\"include\":" + include)
        + "}";
  }

  private static Http.Reply check(String token, int amount, String include) {
    return anonymous.post(path("check"), body(token, amount, include));
  }

  private static Map<String, Object> claims(String sub, String role) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", sub);
    c.put("org_role", role);
    c.put("metadata", Map.of("seats", 3));
    return c;
  }

  /** The token's claims as a client reads them: its payload, decoded. */
  private static JsonObject payloadOf(String token) {
    String payload =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    try (var r = Json.createReader(new StringReader(payload))) {
      return r.readObject();
    }
  }

  /** Asserts a principal of the IdP's {@code tenant} for {@code token}, subject {@code sub}. */
  private static void assertPrincipal(JsonObject p, String token, String sub, String role) {
    String as = p.toString();
    assertThat(p.keySet())
        .as(as)
        .containsExactly("subject", "issuer", "providerId", "expiresAt", "claims", "attributes");
    assertThat(p.getString("subject")).as(as).isEqualTo(sub);
    assertThat(p.getString("issuer")).as(as).isEqualTo(idp.issuer(tenant));
    assertThat(p.getString("providerId")).as(as).isEqualTo(providerId);
    JsonObject signed = payloadOf(token);
    assertThat(p.getString("expiresAt"))
        .as(as)
        .isEqualTo(Instant.ofEpochSecond(signed.getJsonNumber("exp").longValue()).toString());
    assertThat(p.getJsonObject("claims")).as("the claims, as signed").isEqualTo(signed);
    assertThat(p.getJsonObject("claims").keySet()).containsExactlyElementsOf(signed.keySet());
    assertThat(p.getJsonObject("attributes"))
        .as("the token's attributes: mapped claims, a default, the Clerk preset, who and whence")
        .isEqualTo(
            Json.createObjectBuilder()
                .add("ext_role", role)
                .add("ext_plan", "free")
                .add("ext_org_role", "org:" + role)
                .add("is_external_principal", true)
                .add("external_issuer", idp.issuer(tenant))
                .add("external_subject", sub)
                .build());
  }

  // ------------------------------------------------------------------------------- check

  @Test
  void anAllowCarriesThePrincipalWhenAsked() {
    String token = idp.mint(tenant, claims("user_m", "manager"));
    Http.Reply r = check(token, 50000, "[\"principal\"]");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Checks.assertDecision(r.data(), true, "rule_matched", "order_approval", "manager-high-value");
    assertThat(r.data().keySet())
        .as("the decision's members, then principal")
        .containsExactly(
            "allowed", "decision", "decisionId", "policy", "ruleId", "reason", "principal");
    assertPrincipal(r.data().getJsonObject("principal"), token, "user_m", "manager");
  }

  @Test
  void aDenyCarriesThePrincipalToo() {
    String token = idp.mint(tenant, claims("user_b", "member"));
    Http.Reply r =
        anonymous
            .header("Authorization", "Bearer " + token)
            .post(
                path("check"),
                "{\"resource\":\"orders\",\"action\":\"approve\","
                    + "\"context\":{\"orderAmount\":50000},\"include\":[\"principal\",\"principal\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Checks.assertDecision(r.data(), false, "default_effect", "order_approval", null);
    assertPrincipal(r.data().getJsonObject("principal"), token, "user_b", "member");

    Http.Reply none = check(token, 1, null);
    Http.Reply noPolicy =
        anonymous.post(
            path("check"),
            "{\"token\":\""
                + token
                + "\",\"resource\":\"invoices\",\"action\":\"read\",\"include\":[\"principal\"]}");
    assertThat(noPolicy.status()).as(noPolicy.toString()).isEqualTo(200);
    Checks.assertDecision(noPolicy.data(), false, "no_applicable_policy", null, null);
    assertPrincipal(noPolicy.data().getJsonObject("principal"), token, "user_b", "member");
    assertThat(none.data().containsKey("principal")).isFalse();
  }

  @Test
  void notAskedTheAnswerHasExactlyTheDecisionsMembers() {
    String token = idp.mint(tenant, claims("user_m", "manager"));
    for (String include : new String[] {null, "null", "[]"}) {
      Http.Reply r = check(token, 50000, include);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.object().keySet()).as(include).containsExactly("data");
      assertThat(r.data().keySet()).as(include).containsExactlyElementsOf(DECISION_MEMBERS);
      // Byte for byte the answer of before: only the decision's id differs from one to the next.
      assertThat(r.body())
          .as(include)
          .isEqualTo(
              "{\"data\":{\"allowed\":true,\"decision\":\"Allow\",\"decisionId\":\""
                  + r.data().getString("decisionId")
                  + "\",\"policy\":\"order_approval\",\"ruleId\":\"manager-high-value\","
                  + "\"reason\":\"rule_matched\"}}");
    }
    Http.Reply batch =
        anonymous.post(
            path("check-batch"),
            "{\"token\":\""
                + token
                + "\",\"checks\":[{\"resource\":\"orders\",\"action\":\"approve\"}]}");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
    assertThat(batch.data().keySet()).containsExactly("results");
  }

  @Test
  void theAttributesAreTheTokensOwnWithoutThePerCheckOnes() {
    String token = idp.mint(tenant, claims("user_m", "manager"));
    JsonObject principal = check(token, 50000, "[\"principal\"]").data().getJsonObject("principal");
    Http.Reply e =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/authorization/explain", body(token, 50000, null));
    assertThat(e.status()).as(e.toString()).isEqualTo(200);
    JsonObject seen = e.data().getJsonObject("trace").getJsonObject("attributes");
    // What the policies saw is the principal's attributes plus the check's own.
    Set<String> perCheck =
        Set.of("resource", "action", "current_time", "day_of_week", "ip_address");
    assertThat(seen.keySet()).containsAll(perCheck);
    JsonObject tokenOnly =
        seen.entrySet().stream()
            .filter(en -> !perCheck.contains(en.getKey()))
            .collect(
                Json::createObjectBuilder,
                (b, en) -> b.add(en.getKey(), en.getValue()),
                (a, b) -> a.addAll(b))
            .build();
    assertThat(principal.getJsonObject("attributes")).isEqualTo(tokenOnly);
    assertThat(principal.getJsonObject("attributes").keySet())
        .doesNotContainAnyElementsOf(perCheck);
  }

  @Test
  void aRefusedTokenGetsThePlainProblemAndNoPrincipal() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    Map<String, Object> expiredClaims = claims("user_x", "manager");
    expiredClaims.put("exp", past);
    String expired = idp.mint(tenant, expiredClaims);
    String other = Workspaces.unique("stranger");
    String unknown = idp.mint(other, claims("user_x", "manager"));
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(expired, "token_expired");
    cases.put(unknown, "unknown_issuer");
    cases.put("not-a-jwt", "malformed_token");
    for (var c : cases.entrySet()) {
      for (String endpoint : List.of("check", "check-batch")) {
        String body =
            endpoint.equals("check")
                ? body(c.getKey(), 1, "[\"principal\"]")
                : "{\"token\":\""
                    + c.getKey()
                    + "\",\"include\":[\"principal\"],"
                    + "\"checks\":[{\"resource\":\"orders\",\"action\":\"approve\"}]}";
        StrictHttp.Reply r = strict.post(path(endpoint), body, Map.of());
        String as = endpoint + " " + c.getValue() + ": " + r;
        assertThat(r.status()).as(as).isEqualTo(401);
        assertThat(r.header("Content-Type")).as(as).startsWith("application/problem+json");
        assertThat(r.all("WWW-Authenticate"))
            .as(as)
            .containsExactly(
                "Bearer error=\"invalid_token\", error_description=\""
                    + PublicAnswersIT.PUBLIC_DETAIL.get(c.getValue())
                    + "\"");
        JsonObject p = r.object();
        assertThat(p.keySet())
            .as(as)
            .containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
        assertThat(p.getString("code")).as(as).isEqualTo(c.getValue());
        assertThat(r.body()).as(as).doesNotContain("principal").doesNotContain("user_x");
      }
    }
    // Keys that cannot be had: 503 with Retry-After, as without include.
    String downTenant = Workspaces.unique("principal-down");
    Workspaces.clerkProvider(ws, downTenant, MAPPINGS);
    idp.setDown(downTenant, true);
    try {
      Http.Reply down =
          check(idp.mint(downTenant, claims("user_x", "manager")), 1, "[\"principal\"]");
      ProblemAssert.assertProblem(down, 503, "jwks_unavailable");
      assertThat(Integer.parseInt(down.header("Retry-After"))).isPositive();
      assertThat(down.body()).doesNotContain("principal").doesNotContain("user_x");
    } finally {
      idp.setDown(downTenant, false);
    }
    // Over 16 KiB: 413, as without include.
    Http.Reply big = check("a".repeat(16 * 1024 + 1), 1, "[\"principal\"]");
    ProblemAssert.assertProblem(big, 413, "payload_too_large");
    assertThat(big.body()).doesNotContain("principal");
  }

  @Test
  void anUnknownIncludeIs400BeforeTheTokenIsRead() {
    Http.Reply r = check("not-a-jwt", 1, "[\"principal\",\"everything\"]");
    assertThat(ProblemAssert.pointers(r)).containsExactly("/include/1");
    assertThat(r.object().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("must be one of: principal");
    assertThat(ProblemAssert.pointers(check("not-a-jwt", 1, "\"principal\"")))
        .containsExactly("/include");
    Http.Reply batch =
        anonymous.post(
            path("check-batch"),
            "{\"token\":\"not-a-jwt\",\"include\":[7],"
                + "\"checks\":[{\"resource\":\"orders\",\"action\":\"approve\"}]}");
    assertThat(ProblemAssert.pointers(batch)).containsExactly("/include/0");
  }

  // ------------------------------------------------------------------------------- batch

  @Test
  void aBatchCarriesThePrincipalOnceBesideItsResults() {
    String token = idp.mint(tenant, claims("user_m", "manager"));
    Http.Reply r =
        anonymous.post(
            path("check-batch"),
            "{\"include\":[\"principal\"],\"token\":\""
                + token
                + "\",\"checks\":["
                + "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":50000}},"
                + "{\"resource\":\"invoices\",\"action\":\"read\"}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().keySet()).containsExactly("results", "principal");
    JsonArray results = r.data().getJsonArray("results");
    assertThat(results).hasSize(2);
    Checks.assertDecision(
        results.getJsonObject(0), true, "rule_matched", "order_approval", "manager-high-value");
    Checks.assertDecision(results.getJsonObject(1), false, "no_applicable_policy", null, null);
    for (JsonValue result : results) {
      assertThat(result.asJsonObject().keySet()).containsExactlyElementsOf(DECISION_MEMBERS);
    }
    assertPrincipal(r.data().getJsonObject("principal"), token, "user_m", "manager");
    assertThat(r.body().split("\"principal\":", -1)).as("once").hasSize(2);
  }

  // ------------------------------------------------------------------------ hostile claims

  /** A token of the tenant whose payload is exactly {@code payloadJson}, signed RS256. */
  private static String signedPayload(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        "{\"alg\":\"RS256\",\"kid\":\"" + idp.key(tenant).getKeyID() + "\",\"typ\":\"JWT\"}";
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(idp.key(tenant).toRSAPrivateKey());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hostileClaimValuesComeBackAsJsonEscapedDataAndNeverInAHeader() throws Exception {
    // A marker of this run's own: no other test's text in the shared server's log can match it.
    String evil = Workspaces.unique("evil");
    String crlf = evil + "\r\nSet-Cookie: gh=1";
    String odd = evil + "\u200b\u202e\u2028\u2029\ufeff\u00e9\ud83d\udc34\u0000\u001f\"\\";
    String big = evil + "y".repeat(10_000 - evil.length());
    long now = System.currentTimeMillis() / 1000;
    // Written by hand: a lone surrogate can only be spelled as an escape, and a JSON library
    // would not sign one. The sub holds CR/LF; a member name does too.
    String payload =
        "{\"iss\":"
            + Json.createValue(idp.issuer(tenant))
            + ",\"sub\":"
            + Json.createValue(crlf)
            + ",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 600)
            + ",\"org_role\":"
            + Json.createValue(odd)
            + ",\"note\":\""
            + evil
            + "\\ud800lone\\udc00\""
            + ",\"metadata\":{\"plan\":"
            + Json.createValue(big)
            + "},"
            + Json.createValue(evil + "\r\nname")
            + ":1}";
    String token = signedPayload(payload);
    assertThat(token.length()).as("under the 16 KiB token limit").isLessThan(16 * 1024);

    StrictHttp.Reply r =
        strict.post(path("check"), body(token, 50000, "[\"principal\"]"), Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    // Nothing of the token in any header (StrictHttp already refused any odd byte there).
    assertThat(r.headers().toString()).doesNotContain(evil).doesNotContain("gh=1");
    // The body carries no raw control character: CR, LF, NUL, U+001F are escapes.
    assertThat(r.body().chars().filter(c -> c < 0x20)).as("raw control characters").isEmpty();
    JsonObject data = r.object().getJsonObject("data");
    assertThat(data.getBoolean("allowed")).isFalse();
    JsonObject p = data.getJsonObject("principal");
    assertThat(p.getString("subject")).isEqualTo(crlf);
    JsonObject claims = p.getJsonObject("claims");
    assertThat(claims.getString("sub")).isEqualTo(crlf);
    assertThat(claims.getString("org_role")).isEqualTo(odd);
    assertThat(claims.getString("note")).isEqualTo(evil + "\ud800lone\udc00");
    assertThat(claims.getJsonObject("metadata").getString("plan")).isEqualTo(big);
    assertThat(claims.getInt(evil + "\r\nname")).isEqualTo(1);
    JsonObject attributes = p.getJsonObject("attributes");
    assertThat(attributes.getString("ext_role")).isEqualTo(odd);
    assertThat(attributes.getString("ext_note")).isEqualTo(evil + "\ud800lone\udc00");
    assertThat(attributes.getString("ext_plan")).isEqualTo(big);
    assertThat(attributes.getString("external_subject")).isEqualTo(crlf);

    // The batch answers the same principal.
    StrictHttp.Reply b =
        strict.post(
            path("check-batch"),
            "{\"token\":\""
                + token
                + "\",\"include\":[\"principal\"],\"checks\":[{\"resource\":\"orders\","
                + "\"action\":\"approve\"}]}",
            Map.of());
    assertThat(b.status()).as(b.toString()).isEqualTo(200);
    assertThat(b.headers().toString()).doesNotContain(evil);
    assertThat(b.object().getJsonObject("data").getJsonObject("principal")).isEqualTo(p);

    // The audit log keeps what it kept before (the subject and the check), none of the claims;
    // the server log has none of it either.
    JsonObject record = AuditLog.awaitDecision(ws, data.getString("decisionId"));
    assertThat(record.getString("subject")).isEqualTo(crlf);
    assertThat(record.keySet()).doesNotContain("principal", "claims", "attributes");
    assertThat(record.toString())
        .doesNotContain("y".repeat(100))
        .doesNotContain("lone")
        .doesNotContain("\u200b");
    assertThat(server.messagesLog()).doesNotContain(evil);
  }
}
