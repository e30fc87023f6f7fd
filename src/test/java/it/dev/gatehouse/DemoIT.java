package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo (docs/api.md#demo) with {@code gatehouse.demo.enabled=true}: its local issuer, the
 * {@code demo} workspace it sets up, and the seed's policies deciding through the check API.
 */
class DemoIT extends OnSharedServer {
  static String issuer;

  @BeforeAll
  static void setUp() {
    issuer = "http://localhost:" + URI.create(server.baseUrl()).getPort() + "/demo/idp";
  }

  static String mint(String claims) {
    Http.Reply r = anonymous.post("/demo/idp/token", claims);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data().getString("token");
  }

  // --- the issuer ---

  @Test
  void theJwksHoldsOnePublicRsaKey() throws Exception {
    Http.Reply r = anonymous.get("/demo/idp/.well-known/jwks.json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonObject jwks = r.object();
    assertThat(jwks.getJsonArray("keys")).hasSize(1);
    JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kty")).isEqualTo("RSA");
    assertThat(key.getString("kid")).isNotBlank();
    assertThat(key.getString("n")).isNotBlank();
    assertThat(key.getString("e")).isNotBlank();
    // Public only: no private RSA parameters.
    assertThat(key.keySet()).doesNotContain("d", "p", "q", "dp", "dq", "qi", "oth");
    RSAKey parsed = JWKSet.parse(r.body()).getKeys().get(0).toRSAKey();
    assertThat(parsed.isPrivate()).isFalse();
    assertThat(parsed.size()).isGreaterThanOrEqualTo(2048);
  }

  @Test
  void theTokenEndpointAnswersJsonOrPlainText() throws Exception {
    Http.Reply json = anonymous.post("/demo/idp/token", "{\"sub\":\"alice\"}");
    assertThat(json.status()).as(json.toString()).isEqualTo(200);
    assertThat(json.header("Content-Type")).startsWith("application/json");
    String token = json.data().getString("token");
    assertThat(token.split("\\.", -1)).hasSize(3);
    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo("alice");

    Http.Reply plain =
        anonymous.header("Accept", "text/plain").post("/demo/idp/token", "{\"sub\":\"bob\"}");
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(plain.header("Content-Type")).startsWith("text/plain");
    String bare = plain.body().trim();
    assertThat(bare).doesNotContain("\"", "{", " ");
    assertThat(bare.split("\\.", -1)).hasSize(3);
    assertThat(SignedJWT.parse(bare).getJWTClaimsSet().getSubject()).isEqualTo("bob");
  }

  /**
   * The token endpoint answers callers on this machine, judged by the TCP peer alone: a loopback
   * caller claiming a remote address through X-Forwarded-For (believed from loopback for {@code
   * ip_address} on this server) still gets its token, so the header is not what decides; a remote
   * peer's refusal is DemoLoopbackTest's.
   */
  @Test
  void theTokenEndpointJudgesTheTcpPeerNotXForwardedFor() {
    Http.Reply r =
        anonymous
            .header("X-Forwarded-For", "203.0.113.7")
            .post("/demo/idp/token", "{\"sub\":\"user_manager\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("token")).isNotEmpty();
  }

  @Test
  void tokensAreSignedByTheJwksKeyAndCarryTheDemoIssuer() throws Exception {
    long before = Instant.now().getEpochSecond();
    // An iss in the request is not believed: the issuer is always the demo's.
    SignedJWT jwt =
        SignedJWT.parse(
            mint("{\"sub\":\"carol\",\"iss\":\"https://evil.example\",\"org_role\":\"admin\"}"));
    long after = Instant.now().getEpochSecond();
    RSAKey key =
        JWKSet.parse(anonymous.get("/demo/idp/.well-known/jwks.json").body())
            .getKeys()
            .get(0)
            .toRSAKey();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(issuer);
    assertThat(claims.getSubject()).isEqualTo("carol");
    assertThat(claims.getStringClaim("org_role")).isEqualTo("admin");
    long iat = claims.getIssueTime().getTime() / 1000;
    long exp = claims.getExpirationTime().getTime() / 1000;
    assertThat(iat).isBetween(before - 5, after + 5);
    assertThat(exp - iat).isEqualTo(3600);
    assertThat(exp).isBetween(before + 3600 - 5, after + 3600 + 5);
  }

  @Test
  void aTokenWithoutSubGetsTheDemoUser() throws Exception {
    SignedJWT jwt = SignedJWT.parse(mint("{\"org_role\":\"member\"}"));
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("demo-user");
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    Http.Reply r = anonymous.post("/demo/idp/token", "[\"sub\"]");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.object().getString("code")).isEqualTo("validation_failed");
  }

  // --- the demo workspace ---

  @Test
  void theDemoWorkspaceExists() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/demo");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("name")).isEqualTo("demo");
  }

  @Test
  void theDemoWorkspaceHasTheIssuerAsAClerkProvider() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/demo/providers");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> mine =
        r.list().getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("issuer").equals(issuer))
            .toList();
    assertThat(mine).as(r.toString()).hasSize(1);
    JsonObject p = mine.get(0);
    assertThat(p.getString("providerType")).isEqualTo("clerk");
    assertThat(p.getBoolean("readOnly")).isFalse();
    assertThat(p.getString("jwksUri")).isEqualTo(issuer + "/.well-known/jwks.json");
    assertThat(strings(p, "authorizedParties")).containsExactly("http://localhost:3000");
    List<JsonObject> mappings = p.getJsonArray("claimMappings").getValuesAs(JsonObject.class);
    assertThat(mappings)
        .anySatisfy(
            m -> {
              assertThat(m.getString("jwtPath")).isEqualTo("metadata.plan");
              assertThat(m.getString("attribute")).isEqualTo("plan");
              assertThat(m.getString("defaultValue")).isEqualTo("free");
            });
    assertThat(mappings)
        .anySatisfy(
            m -> {
              assertThat(m.getString("jwtPath")).isEqualTo("org_role");
              assertThat(m.getString("attribute")).isEqualTo("role");
            });
  }

  @Test
  void theDemoWorkspaceHasTheSeedsPolicies() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/demo/policies");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> policies = r.list().getValuesAs(JsonObject.class);
    assertThat(policies)
        .extracting(p -> p.getString("name"))
        .containsExactlyInAnyOrder(
            "profile_access", "admin_access", "premium_features", "order_approval");
    JsonObject orders =
        policies.stream()
            .filter(p -> p.getString("name").equals("order_approval"))
            .findFirst()
            .orElseThrow();
    assertThat(strings(orders, "resources")).containsExactly("orders");
    assertThat(strings(orders, "actions")).containsExactly("approve");
    assertThat(orders.getJsonObject("specification").getJsonArray("rules")).hasSize(2);
  }

  // --- the seed's decisions through the check API of workspace demo ---

  static JsonObject check(String token, String resource, String action, String contextJson) {
    Http.Reply r =
        anonymous.post(
            "/api/v1/workspaces/demo/authorization/check",
            "{\"token\":\""
                + token
                + "\",\"resource\":\""
                + resource
                + "\",\"action\":\""
                + action
                + "\",\"context\":"
                + contextJson
                + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** Allowed by {@code policy} through one of {@code ruleIds}. */
  static void assertAllowed(JsonObject d, String policy, String... ruleIds) {
    assertThat(d.getBoolean("allowed")).as(d.toString()).isTrue();
    assertThat(d.getString("decision")).isEqualTo("Allow");
    assertThat(d.getString("policy")).isEqualTo(policy);
    assertThat(d.getString("ruleId")).isIn((Object[]) ruleIds);
    assertThat(d.getString("reason")).isEqualTo("rule_matched");
    assertThat(d.getString("decisionId")).isNotBlank();
  }

  static void assertDenied(JsonObject d, String policy, String reason) {
    assertThat(d.getBoolean("allowed")).as(d.toString()).isFalse();
    assertThat(d.getString("decision")).isEqualTo("Deny");
    assertThat(d.getString("reason")).isEqualTo(reason);
    if (policy == null) {
      assertThat(d.get("policy")).isEqualTo(JsonValue.NULL);
    } else {
      assertThat(d.getString("policy")).isEqualTo(policy);
    }
  }

  @Test
  void adminAccessAsSeeded() {
    // ext_role admin (org_role mapped to role; Clerk's v1 preset also makes ext_org_role
    // org:admin of it, so either rule may be the one named).
    assertAllowed(
        check(mint("{\"sub\":\"u_admin\",\"org_role\":\"admin\"}"), "admin", "delete", "{}"),
        "admin_access",
        "admins",
        "org-admins");
    // Clerk v1 organization claims: org_role "org:admin" → ext_org_role org:admin.
    assertAllowed(
        check(
            mint("{\"sub\":\"u_orgadmin\",\"org_id\":\"org_1\",\"org_role\":\"org:admin\"}"),
            "admin",
            "read",
            "{}"),
        "admin_access",
        "org-admins");
    // Clerk v2 organization claims: o.rol "admin" → ext_org_role org:admin.
    assertAllowed(
        check(
            mint("{\"sub\":\"u_v2admin\",\"v\":2,\"o\":{\"id\":\"org_2\",\"rol\":\"admin\"}}"),
            "admin",
            "read",
            "{}"),
        "admin_access",
        "org-admins");
    assertDenied(
        check(mint("{\"sub\":\"u_member\",\"org_role\":\"member\"}"), "admin", "read", "{}"),
        "admin_access",
        "default_effect");
    assertDenied(
        check(mint("{\"sub\":\"u_none\"}"), "admin", "read", "{}"),
        "admin_access",
        "default_effect");
  }

  @Test
  void premiumFeaturesAsSeeded() {
    String premium = mint("{\"sub\":\"u_p\",\"metadata\":{\"plan\":\"premium\"}}");
    String free = mint("{\"sub\":\"u_f\"}");
    assertAllowed(
        check(premium, "premium_features", "read", "{}"), "premium_features", "premium-plan");
    assertAllowed(
        check(premium, "premium_features", "use", "{}"), "premium_features", "premium-plan");
    assertDenied(
        check(free, "premium_features", "read", "{}"), "premium_features", "default_effect");
    // An action the policy does not name: no applicable policy.
    assertDenied(check(premium, "premium_features", "delete", "{}"), null, "no_applicable_policy");
  }

  @Test
  void orderApprovalAsSeeded() {
    String manager = mint("{\"sub\":\"u_m\",\"org_role\":\"manager\"}");
    String member = mint("{\"sub\":\"u_b\",\"org_role\":\"member\"}");
    assertAllowed(
        check(manager, "orders", "approve", "{\"orderAmount\":50000}"),
        "order_approval",
        "manager-high-value");
    assertAllowed(
        check(member, "orders", "approve", "{\"orderAmount\":10000}"),
        "order_approval",
        "anyone-low-value");
    assertDenied(
        check(member, "orders", "approve", "{\"orderAmount\":10001}"),
        "order_approval",
        "default_effect");
    // No amount at all: neither rule's integer condition holds.
    assertDenied(check(manager, "orders", "approve", "{}"), "order_approval", "default_effect");
  }

  @Test
  void anUnknownResourceHasNoApplicablePolicy() {
    assertDenied(
        check(mint("{\"sub\":\"u\",\"org_role\":\"admin\"}"), "invoices", "read", "{}"),
        null,
        "no_applicable_policy");
  }

  @Test
  void theProvidersAuthorizedPartyIsChecked() {
    String ok =
        mint("{\"sub\":\"u_azp\",\"org_role\":\"admin\",\"azp\":\"http://localhost:3000\"}");
    assertAllowed(check(ok, "admin", "read", "{}"), "admin_access", "admins", "org-admins");
    String other =
        mint("{\"sub\":\"u_azp2\",\"org_role\":\"admin\",\"azp\":\"https://evil.example\"}");
    Http.Reply r =
        anonymous.post(
            "/api/v1/workspaces/demo/authorization/check",
            "{\"token\":\"" + other + "\",\"resource\":\"admin\",\"action\":\"read\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.object().getString("code")).isEqualTo("invalid_authorized_party");
  }

  @Test
  void demoTokensAreNotTrustedInOtherWorkspaces() {
    String token = mint("{\"sub\":\"u\",\"org_role\":\"admin\"}");
    Http.Reply r =
        anonymous.post(
            "/api/v1/workspaces/default/authorization/check",
            "{\"token\":\"" + token + "\",\"resource\":\"admin\",\"action\":\"read\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.object().getString("code")).isEqualTo("unknown_issuer");
  }

  static List<String> strings(JsonObject o, String member) {
    return o.getJsonArray(member).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
