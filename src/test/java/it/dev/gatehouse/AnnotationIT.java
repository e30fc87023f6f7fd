package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @ExternalAuthorize} end to end, on the demo's annotated endpoints (workspace {@code demo},
 * the seed's policies, tokens from the demo issuer): method- and class-level annotations, every
 * token location, {@code allowUnauthenticated}, and {@code @AuthorizationContext} values reaching
 * the decision and its audit record.
 */
class AnnotationIT extends OnSharedServer {

  static String manager;
  static String member;

  @BeforeAll
  static void setUp() {
    manager = mint("{\"sub\":\"user_manager\",\"org_role\":\"manager\"}");
    member = mint("{\"sub\":\"user_member\",\"org_role\":\"member\"}");
  }

  /** A token from the demo issuer with these claims. */
  static String mint(String claims) {
    Http.Reply r = anonymous.post("/demo/idp/token", claims);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data().getString("token");
  }

  static Http bearer(String token) {
    return anonymous.header("Authorization", "Bearer " + token);
  }

  static Http.Reply approve(Http client, String orderId, String amount) {
    return client.post("/demo/orders/" + orderId + "/approve", "{\"orderAmount\":" + amount + "}");
  }

  static String newOrderId() {
    return "order-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Asserts a 403 problem from the interceptor and returns its body. */
  static JsonObject assertForbidden(Http.Reply r, String policy, String reason) {
    assertThat(r.status()).as(r.toString()).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonObject p = r.object();
    assertThat(p.getString("code")).isEqualTo("forbidden");
    assertThat(p.getInt("status")).isEqualTo(403);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("type")).isNotBlank();
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(p.getString("decisionId")).isNotBlank();
    assertThat(p.getString("reason")).isEqualTo(reason);
    if (policy == null) {
      assertThat(p.isNull("policy")).as(p.toString()).isTrue();
    } else {
      assertThat(p.getString("policy")).isEqualTo(policy);
    }
    return p;
  }

  /** Asserts a 401 problem with RFC 6750's challenge and the given code. */
  static void assertUnauthorized(Http.Reply r, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).startsWith("Bearer ");
    assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(r.object().getString("code")).as(r.toString()).isEqualTo(code);
    assertThat(r.object().getInt("status")).isEqualTo(401);
  }

  /** The audit record of a decision, polled for up to 5 s (the log is written asynchronously). */
  static JsonObject decisionRecord(String decisionId) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Http.Reply r;
    do {
      r = admin.get("/api/v1/admin/workspaces/demo/decisions/" + decisionId);
      if (r.status() == 200) {
        return r.data();
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no audit record for " + decisionId + " within 5 s: " + r);
  }

  /** The token's payload as JSON text. */
  static String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  /** The token with one string in its payload replaced (iss kept), the signature kept. */
  static String forged(String token, String from, String to) {
    String payload = payloadOf(token);
    assertThat(payload).contains(from);
    return tampered(token, payload.replace(from, to));
  }

  /** The token with its payload replaced by {@code payloadJson}, the signature kept. */
  static String tampered(String token, String payloadJson) {
    String[] parts = token.split("\\.");
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + payload + "." + parts[2];
  }

  // --- method-level annotation: POST /demo/orders/{id}/approve (orders / approve) ---

  @Test
  void aManagerApprovesAHighValueOrder() {
    String id = newOrderId();
    Http.Reply r = approve(bearer(manager), id, "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject d = r.data();
    assertThat(d.getString("orderId")).isEqualTo(id);
    assertThat(d.getBoolean("approved")).isTrue();
    assertThat(d.getString("approvedBy")).isEqualTo("user_manager");
    assertThat(d.getString("decisionId")).isNotBlank();
  }

  @Test
  void aMemberIsForbiddenAHighValueOrder() {
    Http.Reply r = approve(bearer(member), newOrderId(), "50000");
    assertForbidden(r, "order_approval", "default_effect");
  }

  @Test
  void aMemberApprovesALowValueOrder() {
    Http.Reply r = approve(bearer(member), newOrderId(), "5000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_member");
    assertThat(r.data().getString("decisionId")).isNotBlank();
  }

  @Test
  void theBodysAmountReachesTheIntegerCondition() {
    Http.Reply atLimit = approve(bearer(member), newOrderId(), "10000");
    assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(200);
    Http.Reply over = approve(bearer(member), newOrderId(), "10001");
    assertForbidden(over, "order_approval", "default_effect");
    // The manager's high-value rule needs more than 10,000: at 10,001 it is the one that allows.
    Http.Reply managerOver = approve(bearer(manager), newOrderId(), "10001");
    assertThat(managerOver.status()).as(managerOver.toString()).isEqualTo(200);
  }

  @Test
  void noTokenIs401MissingToken() {
    Http.Reply r = approve(anonymous, newOrderId(), "50000");
    assertUnauthorized(r, "missing_token");
  }

  @Test
  void anExpiredTokenIs401TokenExpired() {
    long past = Instant.now().getEpochSecond() - 3600;
    String expired =
        mint("{\"sub\":\"user_manager\",\"org_role\":\"manager\",\"exp\":" + past + "}");
    assertUnauthorized(approve(bearer(expired), newOrderId(), "50000"), "token_expired");
  }

  @Test
  void aTamperedTokenIs401InvalidSignature() {
    // The member's token, its payload rewritten to claim the manager role.
    String forged = forged(member, "\"member\"", "\"manager\"");
    assertUnauthorized(approve(bearer(forged), newOrderId(), "50000"), "invalid_signature");
  }

  @Test
  void garbageIs401MalformedToken() {
    assertUnauthorized(approve(bearer("not-a-jwt"), newOrderId(), "50000"), "malformed_token");
  }

  // --- class-level annotation and method-over-class precedence ---

  @Test
  void theClassAnnotationGuardsPremium() {
    String premium = mint("{\"sub\":\"user_premium\",\"metadata\":{\"plan\":\"premium\"}}");
    Http.Reply ok = bearer(premium).get("/demo/premium");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.data().getString("subject")).isEqualTo("user_premium");
    assertThat(ok.data().getString("plan")).isEqualTo("premium");

    String free = mint("{\"sub\":\"user_free\",\"metadata\":{\"plan\":\"free\"}}");
    assertForbidden(bearer(free).get("/demo/premium"), "premium_features", "default_effect");
    // No plan at all: the mapping's default, free.
    String noPlan = mint("{\"sub\":\"user_noplan\"}");
    assertForbidden(bearer(noPlan).get("/demo/premium"), "premium_features", "default_effect");
    assertUnauthorized(anonymous.get("/demo/premium"), "missing_token");
  }

  @Test
  void theMethodsAnnotationWinsOverTheClasss() {
    // A premium member: the class's premium_features/read would allow; orders/approve denies.
    String premiumMember =
        mint("{\"sub\":\"user_pm\",\"org_role\":\"member\",\"metadata\":{\"plan\":\"premium\"}}");
    assertForbidden(
        approve(bearer(premiumMember), newOrderId(), "50000"), "order_approval", "default_effect");
    // A free-plan manager: the class's premium_features/read would deny; orders/approve allows.
    String freeManager =
        mint("{\"sub\":\"user_fm\",\"org_role\":\"manager\",\"metadata\":{\"plan\":\"free\"}}");
    Http.Reply r = approve(bearer(freeManager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_fm");
  }

  @Test
  void theDecisionRecordNamesTheMethodsResourceAndAction() throws InterruptedException {
    Http.Reply r = approve(bearer(manager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject rec = decisionRecord(r.data().getString("decisionId"));
    assertThat(rec.getString("resource")).isEqualTo("orders");
    assertThat(rec.getString("action")).isEqualTo("approve");
    assertThat(rec.getString("policy")).isEqualTo("order_approval");
    assertThat(rec.getString("ruleId")).isEqualTo("manager-high-value");
  }

  // --- token locations (mp.jwt.token.header = X-Access-Token, mp.jwt.token.cookie = gh_token) ---

  @Test
  void theTokenInAuthorizationBearer() {
    Http.Reply r = approve(bearer(manager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_manager");
  }

  @Test
  void theTokenInTheConfiguredHeaderBare() {
    Http.Reply r = approve(anonymous.header("X-Access-Token", manager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_manager");
  }

  @Test
  void theTokenInTheConfiguredHeaderWithBearer() {
    Http.Reply r =
        approve(anonymous.header("X-Access-Token", "Bearer " + manager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_manager");
  }

  @Test
  void theTokenInTheConfiguredCookie() {
    Http.Reply r =
        approve(anonymous.header("Cookie", "gh_token=" + manager), newOrderId(), "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("approvedBy")).isEqualTo("user_manager");
    // Among other cookies.
    Http.Reply among =
        approve(
            anonymous.header("Cookie", "theme=dark; gh_token=" + manager + "; lang=en"),
            newOrderId(),
            "50000");
    assertThat(among.status()).as(among.toString()).isEqualTo(200);
  }

  @Test
  void otherHeadersAndCookiesAreNotRead() {
    assertUnauthorized(
        approve(anonymous.header("X-Other-Token", manager), newOrderId(), "50000"),
        "missing_token");
    assertUnauthorized(
        approve(anonymous.header("Cookie", "session=" + manager), newOrderId(), "50000"),
        "missing_token");
    // Authorization with another scheme is not a bearer token.
    assertUnauthorized(
        approve(anonymous.header("Authorization", "Token " + manager), newOrderId(), "50000"),
        "missing_token");
  }

  @Test
  void aBadTokenInEachLocationIs401() {
    String forged = forged(manager, "\"user_manager\"", "\"user_x\"");
    assertUnauthorized(
        approve(anonymous.header("X-Access-Token", forged), newOrderId(), "50000"),
        "invalid_signature");
    assertUnauthorized(
        approve(anonymous.header("Cookie", "gh_token=" + forged), newOrderId(), "50000"),
        "invalid_signature");
  }

  @Test
  void eachLocationIsDecidedForItsOwnToken() {
    // The member's token in the header and the cookie is denied just as in Authorization.
    assertForbidden(
        approve(anonymous.header("X-Access-Token", member), newOrderId(), "50000"),
        "order_approval",
        "default_effect");
    assertForbidden(
        approve(anonymous.header("Cookie", "gh_token=" + member), newOrderId(), "50000"),
        "order_approval",
        "default_effect");
  }

  // --- allowUnauthenticated: GET /demo/me ---

  @Test
  void meWithoutATokenIsAnonymous() {
    Http.Reply r = anonymous.get("/demo/me");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getBoolean("anonymous")).isTrue();
    assertThat(r.data().getJsonArray("groups")).isEmpty();
  }

  @Test
  void meWithAValidTokenIsItsSubject() {
    String token = mint("{\"sub\":\"user_groups\",\"groups\":[\"sales\",\"emea\"]}");
    Http.Reply r = bearer(token).get("/demo/me");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getBoolean("anonymous")).isFalse();
    assertThat(r.data().getString("name")).isEqualTo("user_groups");
    assertThat(r.data().getJsonArray("groups").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactlyInAnyOrder("sales", "emea");
  }

  @Test
  void meWithABadTokenIsStill401() {
    assertUnauthorized(bearer("not-a-jwt").get("/demo/me"), "malformed_token");
    long past = Instant.now().getEpochSecond() - 3600;
    assertUnauthorized(
        bearer(mint("{\"sub\":\"u\",\"exp\":" + past + "}")).get("/demo/me"), "token_expired");
    assertUnauthorized(
        anonymous
            .header("X-Access-Token", forged(manager, "\"user_manager\"", "\"user_x\""))
            .get("/demo/me"),
        "invalid_signature");
  }

  // --- @AuthorizationContext values reach the decision and its audit record ---

  @Test
  void theContextReachesTheAuditRecord() throws InterruptedException {
    String id = newOrderId();
    Http.Reply r =
        bearer(manager)
            .post("/demo/orders/" + id + "/approve", "{\"orderAmount\":50000,\"note\":\"rush\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String decisionId = r.data().getString("decisionId");
    JsonObject rec = decisionRecord(decisionId);
    assertThat(rec.getString("decisionId")).isEqualTo(decisionId);
    assertThat(rec.getString("source")).isEqualTo("interceptor");
    assertThat(rec.getString("decision")).isEqualTo("Allow");
    assertThat(rec.getBoolean("allowed")).isTrue();
    assertThat(rec.getString("subject")).isEqualTo("user_manager");
    JsonObject context = rec.getJsonObject("context");
    assertThat(context.getString("orderId")).isEqualTo(id);
    assertThat(context.get("orderAmount").getValueType())
        .as("orderAmount is a JSON number: %s", context)
        .isEqualTo(JsonValue.ValueType.NUMBER);
    assertThat(context.getJsonNumber("orderAmount").intValueExact()).isEqualTo(50000);
    assertThat(context.getString("note")).isEqualTo("rush");
  }

  @Test
  void aDeniedCallIsRecordedWithItsContext() throws InterruptedException {
    String id = newOrderId();
    JsonObject p =
        assertForbidden(approve(bearer(member), id, "10001"), "order_approval", "default_effect");
    JsonObject rec = decisionRecord(p.getString("decisionId"));
    assertThat(rec.getString("source")).isEqualTo("interceptor");
    assertThat(rec.getString("decision")).isEqualTo("Deny");
    assertThat(rec.getString("reason")).isEqualTo("default_effect");
    assertThat(rec.getString("policy")).isEqualTo("order_approval");
    assertThat(rec.getString("subject")).isEqualTo("user_member");
    assertThat(rec.getJsonObject("context").getString("orderId")).isEqualTo(id);
    assertThat(rec.getJsonObject("context").getJsonNumber("orderAmount").intValueExact())
        .isEqualTo(10001);
  }

  @Test
  void anInterceptorRecordHasTheMembersOfACheckRecord() throws InterruptedException {
    Http.Reply viaInterceptor = approve(bearer(manager), newOrderId(), "50000");
    assertThat(viaInterceptor.status()).as(viaInterceptor.toString()).isEqualTo(200);
    JsonObject interceptorRecord = decisionRecord(viaInterceptor.data().getString("decisionId"));

    Http.Reply viaCheck =
        anonymous.post(
            "/api/v1/workspaces/demo/authorization/check",
            "{\"token\":\""
                + manager
                + "\",\"resource\":\"orders\",\"action\":\"approve\","
                + "\"context\":{\"orderId\":\"order-check\",\"orderAmount\":50000}}");
    assertThat(viaCheck.status()).as(viaCheck.toString()).isEqualTo(200);
    assertThat(viaCheck.data().getBoolean("allowed")).isTrue();
    JsonObject checkRecord = decisionRecord(viaCheck.data().getString("decisionId"));

    assertThat(checkRecord.getString("source")).isEqualTo("check");
    assertThat(interceptorRecord.getString("source")).isEqualTo("interceptor");
    assertThat(interceptorRecord.keySet()).isEqualTo(checkRecord.keySet());
    // And the same decision, by the same policy and rule, for the same subject.
    for (String k : new String[] {"decision", "reason", "policy", "policyId", "ruleId"}) {
      assertThat(interceptorRecord.get(k)).as(k).isEqualTo(checkRecord.get(k));
    }
    for (String k : new String[] {"subject", "issuer", "providerId", "resource", "action"}) {
      assertThat(interceptorRecord.get(k)).as(k).isEqualTo(checkRecord.get(k));
    }
    assertThat(interceptorRecord.getJsonObject("context").keySet())
        .isEqualTo(checkRecord.getJsonObject("context").keySet());
  }
}
