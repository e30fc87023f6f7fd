package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Impact analysis over real HTTP (docs/api.md#impact-analysis): real checks with tokens of the fake
 * IdP are recorded, then drafts are replayed against them and the answer's numbers, groups and
 * samples are those of the decisions this test made.
 */
class ImpactIT extends OnSharedServer {
  static String ws;
  static String tenant;
  static String ordersId;
  static String docsId;
  // The decision ids of the checks, by what they decided.
  static final List<String> managersAllowed = new ArrayList<>();
  static String bigOrderDenied;
  static final List<String> leadsDenied = new ArrayList<>();
  static String leadReadAllowed;
  // After the records above: the counting tests replay up to here, so a later check changes
  // nothing.
  static Instant recordedUntil;

  static final String ORDERS =
      """
      {"name":"orders_by_role","resources":["orders"],"actions":["approve"],
       "specification":{"rules":[
         {"rule_id":"managers","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"manager"},
           {"function":"integer_less_equal","attribute":"request_metadata",
            "metadata_key":"orderAmount","value":50000}]}],
        "default":{"effect":"Deny"}}}
      """;

  static final String DOCS =
      """
      {"name":"docs_for_leads","resources":["documents"],"actions":["read"],
       "specification":{"rules":[
         {"rule_id":"leads","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"lead"}]}],
        "default":{"effect":"Deny"}}}
      """;

  /** Policy orders_by_role changed: managers only above 50,000, leads always. */
  static String ordersChanged() {
    return """
        {"policy":{"id":"%s","name":"orders_by_role","resources":["orders"],"actions":["approve"],
         "specification":{"rules":[
           {"rule_id":"big-orders","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"manager"},
             {"function":"integer_greater_than","attribute":"request_metadata",
              "metadata_key":"orderAmount","value":50000}]},
           {"rule_id":"leads","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"lead"}]}],
          "default":{"effect":"Deny"}}}}
        """
        .formatted(ordersId);
  }

  @BeforeAll
  static void recordDecisions() {
    ws = Workspaces.createWorkspace(admin, "impact");
    tenant = Workspaces.unique("impact");
    Workspaces.clerkProvider(ws, tenant, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    ordersId = Workspaces.createPolicy(ws, ORDERS);
    docsId = Workspaces.createPolicy(ws, DOCS);
    for (int i = 1; i <= 3; i++) {
      managersAllowed.add(check("manager-" + i, "manager", "orders", "approve", 100, true));
    }
    bigOrderDenied = check("manager-4", "manager", "orders", "approve", 90_000, false);
    leadsDenied.add(check("lead-1", "lead", "orders", "approve", 100, false));
    leadsDenied.add(check("lead-2", "lead", "orders", "approve", 100, false));
    leadReadAllowed = check("lead-3", "lead", "documents", "read", 1, true);
    // A token Gatehouse refuses: recorded, and never replayed.
    Http.Reply refused =
        Checks.checkReply(
            anonymous,
            ws,
            Checks.checkBody("not-a-token", "orders", "approve", "{\"orderAmount\":1}", null));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    AuditLog.awaitRecords(ws, "", 8);
    recordedUntil = Instant.now();
  }

  private static String upToSetUp() {
    return "?to=" + recordedUntil;
  }

  private static String check(
      String subject, String role, String resource, String action, int amount, boolean allowed) {
    String token = idp.mint(tenant, Map.of("sub", subject, "org_role", role));
    JsonObject d = Checks.decide(ws, token, resource, action, "{\"orderAmount\":" + amount + "}");
    assertThat(d.getBoolean("allowed")).as(d.toString()).isEqualTo(allowed);
    return d.getString("decisionId");
  }

  private static Http.Reply impact(String query, String body) {
    return admin.post("/api/v1/admin/workspaces/" + ws + "/policies/impact" + query, body);
  }

  private static JsonObject analysed(String query, String body) {
    Http.Reply r = impact(query, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  private static List<String> sampleIds(JsonObject a, String before, String after) {
    return a.getJsonArray("samples").stream()
        .map(JsonValue::asJsonObject)
        .filter(s -> s.getJsonObject("before").getString("decision").equals(before))
        .filter(s -> s.getJsonObject("after").getString("decision").equals(after))
        .map(s -> s.getString("decisionId"))
        .toList();
  }

  private static Map<String, String> groups(JsonObject a, String kind) {
    return a.getJsonArray(kind).stream()
        .map(JsonValue::asJsonObject)
        .collect(
            Collectors.toMap(
                g ->
                    kind.equals("byPolicyRule")
                        ? g.getString("policyName")
                            + "/"
                            + (g.isNull("ruleId") ? "-" : g.getString("ruleId"))
                        : g.getString("resource") + "/" + g.getString("action"),
                g -> g.getInt("allowToDeny") + "/" + g.getInt("denyToAllow")));
  }

  @Test
  void aChangedPolicyFlipsExactlyTheDecisionsItDecidesOtherwise() {
    JsonObject a = analysed(upToSetUp(), ordersChanged());
    assertThat(a.getInt("replayed")).as(a.toString()).isEqualTo(7);
    assertThat(a.getJsonObject("notReplayable").getInt("total")).isEqualTo(1);
    assertThat(a.getJsonObject("notReplayable").getJsonObject("byReason"))
        .isEqualTo(jakarta.json.Json.createObjectBuilder().add("refused_token", 1).build());
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isEqualTo(3);
    assertThat(a.getJsonObject("flips").getInt("denyToAllow")).isEqualTo(3);
    assertThat(a.getInt("drifted")).isZero();
    assertThat(groups(a, "byResourceAction")).isEqualTo(Map.of("orders/approve", "3/3"));
    assertThat(groups(a, "byPolicyRule"))
        .isEqualTo(
            Map.of(
                "orders_by_role/-", "3/0",
                "orders_by_role/leads", "0/2",
                "orders_by_role/big-orders", "0/1"));
    assertThat(a.getJsonArray("byPolicyRule").getJsonObject(0).getString("policyId"))
        .isEqualTo(ordersId);
    assertThat(sampleIds(a, "Allow", "Deny")).containsExactlyInAnyOrderElementsOf(managersAllowed);
    List<String> toAllow = new ArrayList<>(leadsDenied);
    toAllow.add(bigOrderDenied);
    assertThat(sampleIds(a, "Deny", "Allow")).containsExactlyInAnyOrderElementsOf(toAllow);
    JsonObject sample =
        a.getJsonArray("samples").stream()
            .map(JsonValue::asJsonObject)
            .filter(s -> s.getString("decisionId").equals(bigOrderDenied))
            .findFirst()
            .orElseThrow();
    assertThat(sample.getString("subject")).isEqualTo("manager-4");
    assertThat(sample.getJsonObject("before").getString("reason")).isEqualTo("default_effect");
    assertThat(sample.getJsonObject("after").getString("ruleId")).isEqualTo("big-orders");
    assertThat(a.getBoolean("complete")).isTrue();
    assertThat(a.isNull("stoppedBy")).isTrue();
    assertThat(a.getJsonNumber("elapsedMillis").longValue()).isNotNegative();
  }

  @Test
  void aDeletedPolicyDeniesWhatItAllowed() {
    JsonObject a = analysed(upToSetUp(), "{\"delete\":\"" + ordersId + "\"}");
    assertThat(a.getInt("replayed")).isEqualTo(7);
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isEqualTo(3);
    assertThat(a.getJsonObject("flips").getInt("denyToAllow")).isZero();
    assertThat(groups(a, "byPolicyRule")).isEqualTo(Map.of("orders_by_role/managers", "3/0"));
    assertThat(sampleIds(a, "Allow", "Deny")).containsExactlyInAnyOrderElementsOf(managersAllowed);
    JsonObject after = a.getJsonArray("samples").getJsonObject(0).getJsonObject("after");
    assertThat(after.getString("reason")).isEqualTo("no_applicable_policy");
  }

  @Test
  void aNewPolicyThatDeniesByRuleWinsOverTheAllow() {
    JsonObject a =
        analysed(
            upToSetUp(),
            """
            {"policy":{"name":"freeze","resources":["orders"],"actions":["approve"],
             "specification":{"rules":[
               {"rule_id":"freeze-managers","effect":"Deny","conditions":[
                 {"function":"string_equal","attribute":"ext_role","value":"manager"}]}],
              "default":{"effect":"Allow"}}}}
            """);
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isEqualTo(3);
    assertThat(a.getJsonObject("flips").getInt("denyToAllow")).isZero();
    JsonObject g = a.getJsonArray("byPolicyRule").getJsonObject(0);
    assertThat(g.getString("policyId")).isEqualTo("draft");
    assertThat(g.getString("policyName")).isEqualTo("freeze");
    assertThat(g.getString("ruleId")).isEqualTo("freeze-managers");
    assertThat(sampleIds(a, "Allow", "Deny")).containsExactlyInAnyOrderElementsOf(managersAllowed);
  }

  @Test
  void aWholeDraftSetReplacesTheSavedPolicies() {
    JsonObject a = analysed(upToSetUp(), "{\"policies\":[]}");
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isEqualTo(4);
    List<String> all = new ArrayList<>(managersAllowed);
    all.add(leadReadAllowed);
    assertThat(sampleIds(a, "Allow", "Deny")).containsExactlyInAnyOrderElementsOf(all);
    assertThat(groups(a, "byResourceAction"))
        .isEqualTo(Map.of("orders/approve", "3/0", "documents/read", "1/0"));
  }

  @Test
  void aDraftLikeTheSavedPoliciesFlipsNothing() {
    JsonObject a =
        analysed(
            upToSetUp(),
            "{\"policy\":"
                + ORDERS.replace("{\"name\"", "{\"id\":\"" + ordersId + "\",\"name\"")
                + "}");
    assertThat(a.getInt("replayed")).isEqualTo(7);
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isZero();
    assertThat(a.getJsonObject("flips").getInt("denyToAllow")).isZero();
    assertThat(a.getJsonArray("samples")).isEmpty();
    assertThat(a.getJsonArray("byResourceAction")).isEmpty();
  }

  @Test
  void refusesAnInvalidDraftWithPointersAsAWriteWould() {
    Http.Reply r =
        impact(
            "",
            """
            {"policy":{"name":"bad","resources":["orders"],"actions":["approve"],
             "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[
               {"function":"string_equalz","attribute":"ext_role","value":"x"}]}],
              "default":{"effect":"Deny"}}}}
            """);
    assertThat(pointers(r)).anyMatch(p -> p.startsWith("/policy/specification/"));
    assertThat(pointers(impact("", "{\"policies\":[{\"name\":\"\"}]}")))
        .anyMatch(p -> p.startsWith("/policies/0"));
    assertThat(pointers(impact("", "{}"))).containsExactly("");
    assertThat(pointers(impact("", "{\"delete\":\"" + ordersId + "\",\"policies\":[]}")))
        .containsExactly("");
    assertThat(pointers(impact("", "{\"delete\":7}"))).containsExactly("/delete");
    assertThat(pointers(impact("", "{\"bogus\":1,\"policies\":[]}"))).containsExactly("/bogus");
    assertThat(pointers(impact("", "[]"))).containsExactly("");
  }

  @Test
  void unknownWorkspaceOrPolicyIsA404() {
    assertProblem(impact("", "{\"delete\":\"no-such-policy\"}"), 404, "not_found");
    assertProblem(
        impact("", "{\"policy\":" + DOCS.replace("{\"name\"", "{\"id\":\"nope\",\"name\"") + "}"),
        404,
        "not_found");
    assertProblem(
        admin.post(
            "/api/v1/admin/workspaces/" + Workspaces.unique("none") + "/policies/impact",
            "{\"policies\":[]}"),
        404,
        "not_found");
  }

  @Test
  void windowParametersChooseTheRecordsAndAreChecked() {
    Instant now = Instant.now();
    // A window in the future holds nothing.
    JsonObject empty =
        analysed(
            "?from=" + now.plus(1, ChronoUnit.HOURS) + "&to=" + now.plus(2, ChronoUnit.HOURS),
            "{\"policies\":[]}");
    assertThat(empty.getInt("replayed")).isZero();
    assertThat(empty.getJsonObject("notReplayable").getInt("total")).isZero();
    assertThat(empty.getBoolean("complete")).isTrue();
    // The default window: the last 7 days.
    JsonObject all = analysed("", "{\"policies\":[]}");
    Instant from = Instant.parse(all.getJsonObject("window").getString("from"));
    Instant to = Instant.parse(all.getJsonObject("window").getString("to"));
    assertThat(java.time.Duration.between(from, to)).isEqualTo(java.time.Duration.ofDays(7));
    // A limit: the newest records only, and the answer says it is not complete.
    JsonObject two = analysed(upToSetUp() + "&limit=2", "{\"policies\":[]}");
    assertThat(two.getInt("replayed") + two.getJsonObject("notReplayable").getInt("total"))
        .isEqualTo(2);
    assertThat(two.getBoolean("complete")).isFalse();
    assertThat(two.getString("stoppedBy")).isEqualTo("limit");
    // Bad windows are 400s with the query's pointer.
    assertThat(pointers(impact("?from=yesterday", "{\"policies\":[]}"))).containsExactly("");
    assertThat(
            pointers(impact("?from=" + now + "&to=" + now.minusSeconds(60), "{\"policies\":[]}")))
        .containsExactly("");
    assertThat(pointers(impact("?from=" + now.minus(400, ChronoUnit.DAYS), "{\"policies\":[]}")))
        .containsExactly("");
    assertThat(pointers(impact("?limit=0", "{\"policies\":[]}"))).containsExactly("");
    assertThat(pointers(impact("?limit=abc", "{\"policies\":[]}"))).containsExactly("");
    assertThat(pointers(impact("?limit=100001", "{\"policies\":[]}"))).containsExactly("");
  }

  @Test
  void writesNothingNeitherRecordsNorPolicies() {
    int before = AuditLog.listAll(ws, "").size();
    String policies = admin.get("/api/v1/admin/workspaces/" + ws + "/policies").body();
    analysed("", ordersChanged());
    analysed("", "{\"delete\":\"" + docsId + "\"}");
    // A real check after the analyses: once it is in the log, anything queued before it is.
    String id = check("after", "lead", "documents", "read", 1, true);
    AuditLog.awaitDecision(ws, id);
    assertThat(AuditLog.listAll(ws, "")).hasSize(before + 1);
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/policies").body())
        .isEqualTo(policies);
  }

  @Test
  void needsTheAdminsCredentials() {
    Http.Reply r =
        anonymous.post("/api/v1/admin/workspaces/" + ws + "/policies/impact", "{\"policies\":[]}");
    assertThat(r.status()).isEqualTo(401);
  }
}
