package it.dev.gatehouse;

import static it.dev.gatehouse.Checks.assertDecision;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch check API (docs/api.md#check-batch): at most 100 checks, results in request order, one
 * verification of the token for the whole batch, per-check validation errors with their pointers,
 * and every result audited under its own decisionId.
 */
class BatchIT extends OnSharedServer {
  static String ws;
  static String tenant;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "batch");
    tenant = Workspaces.unique("batch");
    Workspaces.clerkProvider(ws, tenant, "[]");
    Workspaces.createPolicy(
        ws,
        """
        {"name":"flagged","resources":["flag"],"actions":["read"],
         "specification":{"rules":[
           {"rule_id":"ok","effect":"Allow","conditions":[
             {"function":"boolean_equal","attribute":"request_metadata","metadata_key":"ok",
              "value":true}]}],
          "default":{"effect":"Deny"}}}
        """);
  }

  private static String token(String sub) {
    return idp.mint(tenant, Map.of("sub", sub));
  }

  private static String item(String resource, boolean ok, int i) {
    return "{\"resource\":\""
        + resource
        + "\",\"action\":\"read\",\"context\":{\"ok\":"
        + ok
        + ",\"i\":"
        + i
        + "}}";
  }

  /** A batch body of {@code n} checks of "flag", alternating ok true (even i) and false. */
  private static String alternating(String token, int n, String extra) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(item("flag", i % 2 == 0, i));
    }
    return "{"
        + (token == null ? "" : "\"token\":\"" + token + "\",")
        + extra
        + "\"checks\":["
        + String.join(",", items)
        + "]}";
  }

  private static Http.Reply batch(Http client, String body) {
    return client.post("/api/v1/workspaces/" + ws + "/authorization/check-batch", body);
  }

  @Test
  void aBatchHoldsOneToAHundredChecks() {
    String t = token("user_limits");
    assertThat(ProblemAssert.pointers(batch(anonymous, "{\"token\":\"" + t + "\",\"checks\":[]}")))
        .containsExactly("/checks");
    assertThat(ProblemAssert.pointers(batch(anonymous, "{\"token\":\"" + t + "\"}")))
        .containsExactly("/checks");
    assertThat(ProblemAssert.pointers(batch(anonymous, "{\"token\":\"" + t + "\",\"checks\":{}}")))
        .containsExactly("/checks");
    Http.Reply tooMany = batch(anonymous, alternating(t, 101, ""));
    assertThat(ProblemAssert.pointers(tooMany)).containsExactly("/checks");
    assertThat(tooMany.object().getString("detail")).contains("100");

    Http.Reply hundred = batch(anonymous, alternating(t, 100, ""));
    assertThat(hundred.status()).as(hundred.toString()).isEqualTo(200);
    assertThat(hundred.data().getJsonArray("results")).hasSize(100);
    Http.Reply one = batch(anonymous, alternating(t, 1, ""));
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.data().getJsonArray("results")).hasSize(1);
  }

  @Test
  void resultsComeInRequestOrderEachWithItsOwnAuditedDecision() {
    String subject = Workspaces.unique("user_order");
    int n = 40;
    Http.Reply r =
        batch(anonymous, alternating(token(subject), n, "\"ipAddress\":\"198.51.100.20\","));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray results = r.data().getJsonArray("results");
    assertThat(results).hasSize(n);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject d = results.getJsonObject(i);
      if (i % 2 == 0) {
        assertDecision(d, true, "rule_matched", "flagged", "ok");
      } else {
        assertDecision(d, false, "default_effect", "flagged", null);
      }
      ids.add(d.getString("decisionId"));
    }
    assertThat(new HashSet<>(ids)).as("distinct decisionIds").hasSize(n);

    // Every result is in the audit log under its own id, with its own context.
    List<JsonObject> records = AuditLog.awaitRecords(ws, "subject=" + subject, n);
    assertThat(records).hasSize(n);
    for (int i = 0; i < n; i++) {
      JsonObject rec = AuditLog.awaitDecision(ws, ids.get(i));
      assertThat(rec.getString("source")).isEqualTo("batch");
      assertThat(rec.getString("subject")).isEqualTo(subject);
      assertThat(rec.getString("decision")).isEqualTo(i % 2 == 0 ? "Allow" : "Deny");
      assertThat(rec.getJsonObject("context").getInt("i")).isEqualTo(i);
      assertThat(rec.getString("ipAddress")).isEqualTo("198.51.100.20");
    }
  }

  @Test
  void eachInvalidCheckIsNamedByItsPointer() {
    String t = token("user_invalid");
    String body =
        "{\"token\":\""
            + t
            + "\",\"checks\":["
            + item("flag", true, 0)
            + ","
            + item("flag", true, 1)
            + ","
            + item("flag", true, 2)
            + ",{\"action\":\"read\"}," // 3: no resource
            + "{\"resource\":5,\"action\":\"read\"}," // 4: not a string
            + "{\"resource\":\"flag\",\"action\":\"read\",\"context\":\"x\"}," // 5: context
            + "{\"resource\":\"flag\"}," // 6: no action
            + "{\"resource\":\"flag\",\"action\":\"read\",\"token\":\"t\"}," // 7: unknown member
            + "\"flag\"]}"; // 8: not an object
    Http.Reply r = batch(anonymous, body);
    List<String> pointers = ProblemAssert.pointers(r);
    assertThat(pointers).noneMatch(p -> p.matches("/checks/[012](/.*)?"));
    assertThat(pointers)
        .contains(
            "/checks/3/resource",
            "/checks/4/resource",
            "/checks/5/context",
            "/checks/6/action",
            "/checks/7/token",
            "/checks/8");
  }

  @Test
  void aBadTokenIsOne401ForTheWholeBatchAndOneAuditRecord() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired = idp.mint(tenant, Map.of("sub", "user_expired", "exp", past));
    String r0 = Workspaces.unique("bad-tok-a");
    String r1 = Workspaces.unique("bad-tok-b");
    String r2 = Workspaces.unique("bad-tok-c");
    String body =
        "{\"token\":\""
            + expired
            + "\",\"checks\":["
            + item(r0, true, 0)
            + ","
            + item(r1, true, 1)
            + ","
            + item(r2, true, 2)
            + "]}";
    Http.Reply r = batch(anonymous, body);
    ProblemAssert.assertProblem(r, 401, "token_expired");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(r.body()).doesNotContain("results");

    Http.Reply none = batch(anonymous, alternating(null, 3, ""));
    ProblemAssert.assertProblem(none, 401, "missing_token");

    // One verification, so one refused record, under the first check's resource.
    String sentinel =
        Checks.decide(ws, token("user_sentinel"), "flag", "read", null).getString("decisionId");
    AuditLog.awaitDecision(ws, sentinel);
    List<JsonObject> first = AuditLog.listAll(ws, "resource=" + r0);
    assertThat(first).hasSize(1);
    assertThat(first.get(0).getString("code")).isEqualTo("token_expired");
    assertThat(first.get(0).isNull("subject")).isTrue();
    assertThat(AuditLog.listAll(ws, "resource=" + r1)).isEmpty();
    assertThat(AuditLog.listAll(ws, "resource=" + r2)).isEmpty();
  }

  @Test
  void theBatchTokenMayComeInTheAuthorizationHeader() {
    Http.Reply r =
        batch(
            anonymous.header("Authorization", "Bearer " + token("user_hdr")),
            alternating(null, 2, ""));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray results = r.data().getJsonArray("results");
    assertThat(results.getJsonObject(0).getBoolean("allowed")).isTrue();
    assertThat(results.getJsonObject(1).getBoolean("allowed")).isFalse();
  }

  @Test
  void checksOfABatchAreDecidedIndependently() {
    // Different resources and actions in one batch: each finds its own policies.
    String t = token("user_mixed");
    Http.Reply r =
        batch(
            anonymous,
            "{\"token\":\""
                + t
                + "\",\"checks\":["
                + "{\"resource\":\"flag\",\"action\":\"read\",\"context\":{\"ok\":true}},"
                + "{\"resource\":\"flag\",\"action\":\"write\",\"context\":{\"ok\":true}},"
                + "{\"resource\":\"other\",\"action\":\"read\"},"
                + "{\"resource\":\"flag\",\"action\":\"read\"}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray results = r.data().getJsonArray("results");
    assertDecision(results.getJsonObject(0), true, "rule_matched", "flagged", "ok");
    assertDecision(results.getJsonObject(1), false, "no_applicable_policy", null, null);
    assertDecision(results.getJsonObject(2), false, "no_applicable_policy", null, null);
    assertDecision(results.getJsonObject(3), false, "default_effect", "flagged", null);
    Set<String> ids = new HashSet<>();
    results.forEach(v -> ids.add(v.asJsonObject().getString("decisionId")));
    assertThat(ids).hasSize(4);
  }
}
