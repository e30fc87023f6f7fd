package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
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
 * {@code @ExternalAuthorize} from another server: the orders sample (examples/orders-app) on a
 * Liberty of its own, with the client library, asks the shared Gatehouse over HTTP (workspace
 * {@code demo}, its seed policies, tokens from its demo issuer) and enforces the answer as the
 * in-server interceptor does (docs/client.md, docs/annotations.md).
 */
class RemoteAuthorizeIT extends OnSharedServer {
  static LibertyServer orders;
  static Http app;
  static String manager;
  static String member;

  @BeforeAll
  static void startTheSample() {
    orders = OrdersApp.shared();
    app = Http.anonymous(orders);
    manager = OrdersApp.demoToken(server, "{\"sub\":\"user_manager\",\"org_role\":\"manager\"}");
    member = OrdersApp.demoToken(server, "{\"sub\":\"user_member\",\"org_role\":\"member\"}");
  }

  static Http bearer(String token) {
    return app.header("Authorization", "Bearer " + token);
  }

  static Http.Reply approve(Http client, String orderId, String amount) {
    return client.post(
        "/api/orders/" + orderId + "/approve" + (amount == null ? "" : "?amount=" + amount), "");
  }

  static String newOrderId() {
    return "order-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The token with one string of its payload replaced, the signature kept. */
  static String forged(String token, String from, String to) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    return parts[0]
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  /** A 401 from the sample: Gatehouse's code, RFC 6750's challenge with a fixed text. */
  static void assertUnauthorized(Http.Reply r, String code) {
    assertProblem(r, 401, code);
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).startsWith("Bearer ");
    assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  /** A 403 from the sample: code forbidden, the decision's id, reason and policy. */
  static JsonObject assertForbidden(Http.Reply r, String reason) {
    JsonObject p = assertProblem(r, 403, "forbidden");
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).isNull();
    assertThat(p.getString("decisionId")).hasSize(36);
    assertThat(p.getString("reason")).isEqualTo(reason);
    assertThat(p.getString("policy")).isEqualTo("order_approval");
    return p;
  }

  static long approveRuns() {
    return OrdersApp.runs(orders, "approve");
  }

  @Test
  void aManagerApprovesAHighValueOrderAndTheMethodRuns() {
    long before = approveRuns();
    String id = newOrderId();
    Http.Reply r = approve(bearer(manager), id, "50000");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject d = r.data();
    assertThat(d.getString("orderId")).isEqualTo(id);
    assertThat(d.getJsonNumber("orderAmount").longValueExact()).isEqualTo(50000);
    assertThat(d.getBoolean("approved")).isTrue();
    assertThat(d.getString("approvedBy")).isEqualTo("user_manager");
    assertThat(approveRuns()).isEqualTo(before + 1);
    JsonObject rec = AuditLog.awaitDecision("demo", d.getString("decisionId"));
    assertThat(rec.getString("source")).isEqualTo("client");
    assertThat(rec.getString("decision")).isEqualTo("Allow");
    assertThat(rec.getString("ruleId")).isEqualTo("manager-high-value");
  }

  @Test
  void aMemberIsForbiddenWithADecisionGatehouseAuditedAsFromTheClient() {
    long before = approveRuns();
    String id = newOrderId();
    JsonObject p = assertForbidden(approve(bearer(member), id, "50000"), "default_effect");
    assertThat(approveRuns()).as("the method did not run").isEqualTo(before);

    JsonObject rec = AuditLog.awaitDecision("demo", p.getString("decisionId"));
    assertThat(rec.getString("source")).isEqualTo("client");
    assertThat(rec.getString("decision")).isEqualTo("Deny");
    assertThat(rec.getString("reason")).isEqualTo("default_effect");
    assertThat(rec.getString("policy")).isEqualTo("order_approval");
    assertThat(rec.getString("subject")).isEqualTo("user_member");
    assertThat(rec.getString("resource")).isEqualTo("orders");
    assertThat(rec.getString("action")).isEqualTo("approve");
    // The context the annotations built: the path's id, the query's amount as a JSON number.
    JsonObject context = rec.getJsonObject("context");
    assertThat(context.keySet()).containsExactlyInAnyOrder("orderId", "orderAmount");
    assertThat(context.getString("orderId")).isEqualTo(id);
    assertThat(context.get("orderAmount").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
    assertThat(context.getJsonNumber("orderAmount").longValueExact()).isEqualTo(50000);
  }

  @Test
  void noTokenIs401MissingTokenWithABearerChallengeAndTheMethodDoesNotRun() {
    long before = approveRuns();
    assertUnauthorized(approve(app, newOrderId(), "50000"), "missing_token");
    assertThat(approveRuns()).isEqualTo(before);
  }

  @Test
  void aTamperedTokenIs401InvalidSignature() {
    long before = approveRuns();
    // The member's token, its payload rewritten to claim the manager role.
    String tampered = forged(member, "\"member\"", "\"manager\"");
    assertUnauthorized(approve(bearer(tampered), newOrderId(), "50000"), "invalid_signature");
    assertThat(approveRuns()).isEqualTo(before);
  }

  @Test
  void anExpiredTokenIs401TokenExpired() {
    long past = Instant.now().getEpochSecond() - 3600;
    String expired =
        OrdersApp.demoToken(
            server, "{\"sub\":\"user_manager\",\"org_role\":\"manager\",\"exp\":" + past + "}");
    long before = approveRuns();
    assertUnauthorized(approve(bearer(expired), newOrderId(), "50000"), "token_expired");
    assertThat(approveRuns()).isEqualTo(before);
  }

  @Test
  void theAmountTheAnnotationSendsDecides() {
    // anyone-low-value allows up to 10,000; above it only manager-high-value does.
    Http.Reply atLimit = approve(bearer(member), newOrderId(), "10000");
    assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(200);
    assertForbidden(approve(bearer(member), newOrderId(), "10001"), "default_effect");
    Http.Reply managerOver = approve(bearer(manager), newOrderId(), "10001");
    assertThat(managerOver.status()).as(managerOver.toString()).isEqualTo(200);
    // No amount at all: no rule can allow, whoever asks.
    assertForbidden(approve(bearer(manager), newOrderId(), null), "default_effect");
  }

  @Test
  void thePrincipalHoldsTheVerifiedClaimsGroupsAndAttributes() {
    String token =
        OrdersApp.demoToken(
            server,
            "{\"sub\":\"user_mia\",\"preferred_username\":\"mia\",\"email\":\"mia@example.com\","
                + "\"groups\":[\"buyers\",\"approvers\"],\"org_role\":\"manager\","
                + "\"metadata\":{\"plan\":\"premium\"}}");
    long before = OrdersApp.runs(orders, "me");
    Http.Reply r = bearer(token).get("/api/orders/me");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(OrdersApp.runs(orders, "me")).isEqualTo(before + 1);
    JsonObject d = r.data();
    assertThat(d.getString("name")).isEqualTo("mia");
    assertThat(d.getString("subject")).isEqualTo("user_mia");
    assertThat(d.getString("issuer")).endsWith("/demo/idp");
    assertThat(d.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactlyInAnyOrder("buyers", "approvers");
    assertThat(d.getString("email")).isEqualTo("mia@example.com");
    // What the policies saw: the demo provider's claim mappings, Gatehouse's own attributes.
    JsonObject attributes = d.getJsonObject("attributes");
    assertThat(attributes.getString("ext_role")).isEqualTo("manager");
    assertThat(attributes.getString("ext_plan")).isEqualTo("premium");
    assertThat(attributes.getString("external_subject")).isEqualTo("user_mia");
    assertThat(d.getString("policy")).isEqualTo("profile_access");
    JsonObject rec = AuditLog.awaitDecision("demo", d.getString("decisionId"));
    assertThat(rec.getString("source")).isEqualTo("client");
    assertThat(rec.getString("subject")).isEqualTo("user_mia");
    assertThat(d.getString("providerId")).isEqualTo(rec.getString("providerId"));
  }

  @Test
  void theProgrammaticBatchAnswersEveryActionOfAnOrderInOneCall() {
    String id = newOrderId();
    Http.Reply asManager = bearer(manager).get("/api/orders/" + id + "/permissions?amount=50000");
    assertThat(asManager.status()).as(asManager.toString()).isEqualTo(200);
    JsonObject allowed = asManager.data().getJsonObject("allowed");
    assertThat(allowed.getBoolean("approve")).isTrue();
    // No policy covers cancel: denied, and said why.
    assertThat(allowed.getBoolean("cancel")).isFalse();
    JsonObject cancel = asManager.data().getJsonArray("decisions").getJsonObject(1);
    assertThat(cancel.getString("action")).isEqualTo("cancel");
    assertThat(cancel.getString("reason")).isEqualTo("no_applicable_policy");

    Http.Reply asMember = bearer(member).get("/api/orders/" + id + "/permissions?amount=50000");
    assertThat(asMember.status()).as(asMember.toString()).isEqualTo(200);
    assertThat(asMember.data().getJsonObject("allowed").getBoolean("approve")).isFalse();
    String approveDecision =
        asMember.data().getJsonArray("decisions").getJsonObject(0).getString("decisionId");
    JsonObject rec = AuditLog.awaitDecision("demo", approveDecision);
    assertThat(rec.getString("subject")).isEqualTo("user_member");
    assertThat(rec.getJsonObject("context").getString("orderId")).isEqualTo(id);

    // The client's typed errors carry Gatehouse's code.
    assertProblem(app.get("/api/orders/" + id + "/permissions?amount=50000"), 401, "missing_token");
    assertProblem(
        bearer(forged(member, "\"member\"", "\"manager\""))
            .get("/api/orders/" + id + "/permissions?amount=50000"),
        401,
        "invalid_signature");
  }
}
