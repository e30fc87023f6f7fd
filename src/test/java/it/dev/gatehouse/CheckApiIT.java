package it.dev.gatehouse;

import static dev.gatehouse.Samples.ORDER_APPROVAL;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check API end to end: a provider, the seed's order_approval policy, real tokens. */
class CheckApiIT extends OnSharedServer {
  static String ws;
  static String tenant;

  @BeforeAll
  static void setUp() {
    ws = "chk-" + UUID.randomUUID().toString().substring(0, 8);
    tenant = "chk-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}").status())
        .isEqualTo(201);
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Clerk\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\",\"claimMappings\":[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    Http.Reply pol = admin.post("/api/v1/admin/workspaces/" + ws + "/policies", ORDER_APPROVAL);
    assertThat(pol.status()).as(pol.toString()).isEqualTo(201);
  }

  private static Http.Reply check(String token, String resource, String action, int amount) {
    return anonymous.post(
        "/api/v1/workspaces/" + ws + "/authorization/check",
        "{\"token\":\""
            + token
            + "\",\"resource\":\""
            + resource
            + "\",\"action\":\""
            + action
            + "\",\"context\":{\"orderAmount\":"
            + amount
            + "}}");
  }

  @Test
  void orderApprovalDecidesAsTheSeedSays() {
    String manager = idp.mint(tenant, Map.of("sub", "user_m", "org_role", "manager"));
    String member = idp.mint(tenant, Map.of("sub", "user_b", "org_role", "member"));
    int[] amounts = {5000, 10000, 10001, 50000};
    boolean[] memberAllowed = {true, true, false, false};
    for (int i = 0; i < amounts.length; i++) {
      JsonObject m = check(manager, "orders", "approve", amounts[i]).data();
      assertThat(m.getBoolean("allowed")).as("manager %d: %s", amounts[i], m).isTrue();
      assertThat(m.getString("policy")).isEqualTo("order_approval");
      JsonObject b = check(member, "orders", "approve", amounts[i]).data();
      assertThat(b.getBoolean("allowed"))
          .as("member %d: %s", amounts[i], b)
          .isEqualTo(memberAllowed[i]);
      assertThat(b.getString("decisionId")).hasSize(36);
      if (!memberAllowed[i]) {
        assertThat(b.getString("reason")).isEqualTo("default_effect");
        assertThat(b.getString("decision")).isEqualTo("Deny");
        assertThat(b.isNull("ruleId")).isTrue();
      }
    }
  }

  @Test
  void theAnswerIsUtf8WhateverThePolicyIsCalled() {
    String name = "zugang_f\u00fcr_ger\u00e4te_\u65e5\u672c_\uD83D\uDC34";
    Http.Reply pol =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/policies",
            "{\"name\":\""
                + name
                + "\",\"resources\":[\"devices\"],\"actions\":[\"use\"],"
                + "\"specification\":{\"rules\":[{\"rule_id\":\"r\u00e9gle\",\"effect\":\"Allow\","
                + "\"conditions\":[]}],\"default\":{\"effect\":\"Deny\"}}}");
    assertThat(pol.status()).as(pol.toString()).isEqualTo(201);
    String t = idp.mint(tenant, Map.of("sub", "user_u", "org_role", "member"));
    Http.Reply r = check(t, "devices", "use", 1);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("policy")).isEqualTo(name);
    assertThat(r.data().getString("ruleId")).isEqualTo("r\u00e9gle");
  }

  @Test
  void noApplicablePolicyIsADeny() {
    String t = idp.mint(tenant, Map.of("sub", "user_m", "org_role", "manager"));
    JsonObject d = check(t, "invoices", "approve", 1).data();
    assertThat(d.getBoolean("allowed")).isFalse();
    assertThat(d.getString("reason")).isEqualTo("no_applicable_policy");
    assertThat(d.isNull("policy")).isTrue();
  }

  @Test
  void theTokenMayComeInTheAuthorizationHeader() {
    String t = idp.mint(tenant, Map.of("sub", "user_m", "org_role", "manager"));
    Http.Reply r =
        anonymous
            .header("Authorization", "Bearer " + t)
            .post(
                "/api/v1/workspaces/" + ws + "/authorization/check",
                "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":20000}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getBoolean("allowed")).isTrue();
  }

  @Test
  void aCheckThatSaysItComesFromTheClientLibraryIsRecordedSo() {
    String t = idp.mint(tenant, Map.of("sub", "user_c", "org_role", "member"));
    String body =
        "{\"token\":\""
            + t
            + "\",\"resource\":\"orders\",\"action\":\"approve\","
            + "\"context\":{\"orderAmount\":5}";
    String path = "/api/v1/workspaces/" + ws + "/authorization/check";
    Http.Reply client = anonymous.post(path, body + ",\"source\":\"client\"}");
    Http.Reply plain = anonymous.post(path, body + "}");
    assertThat(client.status()).as(client.toString()).isEqualTo(200);
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(
            AuditLog.awaitDecision(ws, client.data().getString("decisionId")).getString("source"))
        .isEqualTo("client");
    assertThat(AuditLog.awaitDecision(ws, plain.data().getString("decisionId")).getString("source"))
        .isEqualTo("check");

    Http.Reply wrong = anonymous.post(path, body + ",\"source\":\"interceptor\"}");
    assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
    ProblemAssert.assertProblem(wrong, 400, "validation_failed");
    assertThat(wrong.object().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/source");
  }

  @Test
  void anUntrustedTokenIsA401NotADeny() {
    Http.Reply none =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check",
            "{\"resource\":\"orders\",\"action\":\"approve\"}");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.object().getString("code")).isEqualTo("missing_token");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");

    long past = System.currentTimeMillis() / 1000 - 3600;
    Http.Reply expired =
        check(idp.mint(tenant, Map.of("sub", "u", "exp", past)), "orders", "approve", 1);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.object().getString("code")).isEqualTo("token_expired");
    assertThat(expired.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void batchVerifiesOnceAndAnswersInOrder() {
    String t = idp.mint(tenant, Map.of("sub", "user_b", "org_role", "member"));
    Http.Reply r =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check-batch",
            "{\"token\":\""
                + t
                + "\",\"checks\":["
                + "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":5}},"
                + "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":50000}},"
                + "{\"resource\":\"invoices\",\"action\":\"read\"}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    var results = r.data().getJsonArray("results");
    assertThat(results).hasSize(3);
    assertThat(results.getJsonObject(0).getBoolean("allowed")).isTrue();
    assertThat(results.getJsonObject(1).getBoolean("allowed")).isFalse();
    assertThat(results.getJsonObject(2).getString("reason")).isEqualTo("no_applicable_policy");
  }

  @Test
  void explainShowsTheWholeTraceAndDecisionsAreAudited() {
    String t = idp.mint(tenant, Map.of("sub", "user_b", "org_role", "member"));
    Http.Reply e =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/authorization/explain",
            "{\"token\":\""
                + t
                + "\",\"resource\":\"orders\",\"action\":\"approve\","
                + "\"context\":{\"orderAmount\":50000}}");
    assertThat(e.status()).as(e.toString()).isEqualTo(200);
    JsonObject trace = e.data().getJsonObject("trace");
    assertThat(trace.getJsonObject("attributes").getString("ext_role")).isEqualTo("member");
    var rules = trace.getJsonArray("policies").getJsonObject(0).getJsonArray("rules");
    assertThat(rules).hasSize(2);
    JsonObject cond = rules.getJsonObject(1).getJsonArray("conditions").getJsonObject(0);
    assertThat(cond.getString("function")).isEqualTo("string_equal");
    assertThat(cond.getString("actual")).isEqualTo("member");
    assertThat(cond.getBoolean("result")).isFalse();

    String id = check(t, "orders", "approve", 7).data().getString("decisionId");
    Http.Reply rec = null;
    for (int i = 0; i < 50; i++) {
      rec = admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + id);
      if (rec.status() == 200) {
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(rec.status()).as(rec.toString()).isEqualTo(200);
    assertThat(rec.data().getString("subject")).isEqualTo("user_b");
    assertThat(rec.data().getString("decision")).isEqualTo("Allow");
    assertThat(rec.data().getJsonObject("context").getInt("orderAmount")).isEqualTo(7);
    Http.Reply list =
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions?subject=user_b&decision=Allow");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.list()).isNotEmpty();
  }

  @Test
  void anOversizedTokenIs413AndUnreachableKeysAre503WithRetryAfter() {
    String big = "a".repeat(16 * 1024 + 1);
    Http.Reply tooBig = check(big, "orders", "approve", 1);
    assertThat(tooBig.status()).as(tooBig.toString()).isEqualTo(413);
    assertThat(tooBig.object().getString("code")).isEqualTo("payload_too_large");

    String downTenant = "down-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Down\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(downTenant)
                + "\"}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    idp.setDown(downTenant, true);
    try {
      Http.Reply r = check(idp.mint(downTenant, Map.of("sub", "u")), "orders", "approve", 1);
      assertThat(r.status()).as(r.toString()).isEqualTo(503);
      assertThat(r.object().getString("code")).isEqualTo("jwks_unavailable");
      assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
    } finally {
      idp.setDown(downTenant, false);
    }
  }
}
