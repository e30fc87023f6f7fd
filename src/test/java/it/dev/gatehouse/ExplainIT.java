package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explain endpoint (docs/api.md#explain): the decision plus the whole trace (token header and
 * claims, provider, every mapping with its outcome, the attributes, every applicable policy with
 * every rule and condition and why); a failing token still a 200 with its code and the unverified
 * header and claims; admin credentials required; nothing recorded in the audit log.
 */
class ExplainIT extends OnSharedServer {
  static String ws;
  static String tenant;
  static String providerId;
  static String ordersPolicyId;
  static String weekPolicyId;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "expl");
    tenant = Workspaces.unique("expl");
    providerId =
        Workspaces.clerkProvider(
            ws,
            tenant,
            "[{\"jwtPath\":\"metadata.plan\",\"attribute\":\"plan\",\"defaultValue\":\"free\"},"
                + "{\"jwtPath\":\"org_role\",\"attribute\":\"role\"},"
                + "{\"jwtPath\":\"department\",\"attribute\":\"department\"}]");
    ordersPolicyId =
        Workspaces.createPolicy(
            ws,
            """
            {"name":"explain_orders","resources":["orders"],"actions":["approve"],
             "specification":{"rules":[
               {"rule_id":"manager-high-value","effect":"Allow","conditions":[
                 {"function":"string_equal","attribute":"ext_role","value":"manager"},
                 {"function":"integer_greater_than","attribute":"request_metadata",
                  "metadata_key":"orderAmount","value":10000}]},
               {"rule_id":"sales-department","effect":"Allow","conditions":[
                 {"function":"string_equal","attribute":"ext_department","value":"sales"}]},
               {"rule_id":"blocked-network","effect":"Deny","conditions":[
                 {"function":"ip_in_cidr","attribute":"ip_address","values":["192.0.2.0/24"]}]}],
              "default":{"effect":"Deny"}}}
            """);
    weekPolicyId =
        Workspaces.createPolicy(
            ws,
            """
            {"name":"explain_week","resources":["orders"],"actions":["*"],
             "specification":{"rules":[
               {"rule_id":"any-day","effect":"Allow","conditions":[
                 {"function":"day_of_week_one_of","attribute":"day_of_week",
                  "values":["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]},
                 {"function":"attribute_present","attribute":"external_subject"}]}],
              "default":{"effect":"Deny"}}}
            """);
  }

  private static Http.Reply explain(Http client, String body) {
    return client.post("/api/v1/admin/workspaces/" + ws + "/authorization/explain", body);
  }

  private static JsonObject explained(String body) {
    Http.Reply r = explain(admin, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  private static JsonObject byKey(JsonArray items, String key, String value) {
    return items.getValuesAs(JsonObject.class).stream()
        .filter(o -> o.containsKey(key) && !o.isNull(key) && o.getString(key).equals(value))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + "=" + value + " in " + items));
  }

  @Test
  void explainShowsTheWholeTrace() {
    String token =
        idp.mint(
            tenant, Map.of("sub", "user_explain", "org_role", "member", "email", "m@x.example"));
    Instant before = Instant.now();
    JsonObject d =
        explained(
            Checks.checkBody(
                token, "orders", "approve", "{\"orderAmount\":\"lots\"}", "198.51.100.7"));

    // The decision, as a check would answer it (explain records nothing, so no decisionId).
    assertThat(d.getBoolean("allowed")).isFalse();
    assertThat(d.getString("decision")).isEqualTo("Deny");
    assertThat(d.getString("reason")).isEqualTo("default_effect");
    assertThat(d.getString("policy")).isEqualTo("explain_orders");
    assertThat(d.isNull("ruleId")).isTrue();
    assertThat(d.get("decisionId")).isIn(null, JsonValue.NULL);

    JsonObject trace = d.getJsonObject("trace");
    // The token.
    JsonObject header = trace.getJsonObject("token").getJsonObject("header");
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(header.getString("kid")).isEqualTo(idp.key(tenant).getKeyID());
    JsonObject claims = trace.getJsonObject("token").getJsonObject("claims");
    assertThat(claims.getString("sub")).isEqualTo("user_explain");
    assertThat(claims.getString("iss")).isEqualTo(idp.issuer(tenant));
    assertThat(claims.getString("email")).isEqualTo("m@x.example");
    // The provider.
    JsonObject provider = trace.getJsonObject("provider");
    assertThat(provider.getString("id")).isEqualTo(providerId);
    assertThat(provider.getString("name")).isEqualTo("Clerk " + tenant);
    assertThat(provider.getString("issuer")).isEqualTo(idp.issuer(tenant));
    // Every mapping with its outcome.
    JsonArray mappings = trace.getJsonArray("mappings");
    JsonObject plan = byKey(mappings, "jwtPath", "metadata.plan");
    assertThat(plan.getString("attribute")).isIn("plan", "ext_plan");
    assertThat(plan.getString("outcome")).isEqualTo("default");
    assertThat(plan.getString("value")).isEqualTo("free");
    JsonObject role = byKey(mappings, "attribute", "ext_role");
    assertThat(role.getString("jwtPath")).isEqualTo("org_role");
    assertThat(role.getString("outcome")).isEqualTo("mapped");
    assertThat(role.getString("value")).isEqualTo("member");
    JsonObject department = byKey(mappings, "jwtPath", "department");
    assertThat(department.getString("outcome")).isEqualTo("absent");
    assertThat(department.get("value")).isIn(null, JsonValue.NULL);
    // The attributes.
    JsonObject a = trace.getJsonObject("attributes");
    assertThat(a.getString("resource")).isEqualTo("orders");
    assertThat(a.getString("action")).isEqualTo("approve");
    assertThat(a.getString("ip_address")).isEqualTo("198.51.100.7");
    assertThat(a.getString("ext_role")).isEqualTo("member");
    assertThat(a.getString("ext_plan")).isEqualTo("free");
    assertThat(a.containsKey("ext_department")).as("absent stays absent: %s", a).isFalse();
    assertThat(a.getBoolean("is_external_principal")).isTrue();
    assertThat(a.getString("external_subject")).isEqualTo("user_explain");
    assertThat(a.getString("external_issuer")).isEqualTo(idp.issuer(tenant));
    Instant now = Instant.parse(a.getString("current_time"));
    assertThat(now).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
    assertThat(a.getString("day_of_week"))
        .isEqualTo(now.atOffset(ZoneOffset.UTC).getDayOfWeek().name().toLowerCase(Locale.ROOT));

    // Every applicable policy, every rule, every condition.
    JsonArray policies = trace.getJsonArray("policies");
    assertThat(policies).hasSize(2);
    JsonObject orders = byKey(policies, "id", ordersPolicyId);
    assertThat(orders.getString("name")).isEqualTo("explain_orders");
    assertThat(orders.getString("effect")).isEqualTo("Deny");
    JsonArray rules = orders.getJsonArray("rules");
    assertThat(rules).hasSize(3);

    JsonObject manager = byKey(rules, "ruleId", "manager-high-value");
    assertThat(manager.getString("effect")).isEqualTo("Allow");
    assertThat(manager.getBoolean("matched")).isFalse();
    JsonArray mc = manager.getJsonArray("conditions");
    assertThat(mc).as("every condition, also after the first false one").hasSize(2);
    JsonObject roleCond = mc.getJsonObject(0);
    assertThat(roleCond.getString("function")).isEqualTo("string_equal");
    assertThat(roleCond.getString("attribute")).isEqualTo("ext_role");
    assertThat(roleCond.isNull("metadataKey")).isTrue();
    assertThat(roleCond.getString("expected")).isEqualTo("manager");
    assertThat(roleCond.getString("actual")).isEqualTo("member");
    assertThat(roleCond.getBoolean("result")).isFalse();
    assertThat(roleCond.isNull("note")).isTrue();
    JsonObject amount = mc.getJsonObject(1);
    assertThat(amount.getString("function")).isEqualTo("integer_greater_than");
    assertThat(amount.getString("attribute")).isEqualTo("request_metadata");
    assertThat(amount.getString("metadataKey")).isEqualTo("orderAmount");
    assertThat(amount.getJsonNumber("expected").bigDecimalValue())
        .isEqualByComparingTo(new BigDecimal(10000));
    assertThat(amount.getString("actual")).isEqualTo("lots");
    assertThat(amount.getBoolean("result")).isFalse();
    assertThat(amount.getString("note")).contains("type mismatch");

    JsonObject sales = byKey(rules, "ruleId", "sales-department");
    assertThat(sales.getBoolean("matched")).isFalse();
    JsonObject salesCond = sales.getJsonArray("conditions").getJsonObject(0);
    assertThat(salesCond.getString("attribute")).isEqualTo("ext_department");
    assertThat(salesCond.get("actual")).isIn(null, JsonValue.NULL);
    assertThat(salesCond.getBoolean("result")).isFalse();
    assertThat(salesCond.getString("note")).contains("absent");

    JsonObject blocked = byKey(rules, "ruleId", "blocked-network");
    assertThat(blocked.getString("effect")).isEqualTo("Deny");
    assertThat(blocked.getBoolean("matched")).isFalse();
    JsonObject ipCond = blocked.getJsonArray("conditions").getJsonObject(0);
    assertThat(ipCond.getString("function")).isEqualTo("ip_in_cidr");
    assertThat(ipCond.getString("attribute")).isEqualTo("ip_address");
    assertThat(ipCond.getJsonArray("expected").getString(0)).isEqualTo("192.0.2.0/24");
    assertThat(ipCond.getString("actual")).isEqualTo("198.51.100.7");
    assertThat(ipCond.getBoolean("result")).isFalse();

    JsonObject week = byKey(policies, "id", weekPolicyId);
    assertThat(week.getString("name")).isEqualTo("explain_week");
    assertThat(week.getString("effect")).isEqualTo("Allow");
    JsonObject anyDay = byKey(week.getJsonArray("rules"), "ruleId", "any-day");
    assertThat(anyDay.getBoolean("matched")).isTrue();
    JsonObject dayCond = anyDay.getJsonArray("conditions").getJsonObject(0);
    assertThat(dayCond.getString("function")).isEqualTo("day_of_week_one_of");
    assertThat(dayCond.getString("actual")).isEqualTo(a.getString("day_of_week"));
    assertThat(dayCond.getJsonArray("expected")).hasSize(7);
    assertThat(dayCond.getBoolean("result")).isTrue();
    JsonObject present = anyDay.getJsonArray("conditions").getJsonObject(1);
    assertThat(present.getString("function")).isEqualTo("attribute_present");
    assertThat(present.getString("actual")).isEqualTo("user_explain");
    assertThat(present.getBoolean("result")).isTrue();
  }

  @Test
  void explainOfAnAllowNamesTheMatchingRuleAndTheCallersAddress() {
    String token = idp.mint(tenant, Map.of("sub", "user_mgr", "org_role", "manager"));
    JsonObject d =
        explained(Checks.checkBody(token, "orders", "approve", "{\"orderAmount\":50000}", null));
    assertThat(d.getBoolean("allowed")).as(d.toString()).isTrue();
    assertThat(d.getString("reason")).isEqualTo("rule_matched");
    assertThat(d.getString("policy")).isEqualTo("explain_orders");
    assertThat(d.getString("ruleId")).isEqualTo("manager-high-value");
    JsonObject trace = d.getJsonObject("trace");
    // Without ipAddress the address is the caller's (this test, on loopback).
    assertThat(trace.getJsonObject("attributes").getString("ip_address")).isEqualTo("127.0.0.1");
    JsonObject orders = byKey(trace.getJsonArray("policies"), "id", ordersPolicyId);
    assertThat(orders.getString("effect")).isEqualTo("Allow");
    JsonObject rule = byKey(orders.getJsonArray("rules"), "ruleId", "manager-high-value");
    assertThat(rule.getBoolean("matched")).isTrue();
    JsonObject amount = rule.getJsonArray("conditions").getJsonObject(1);
    assertThat(amount.getJsonNumber("actual").intValue()).isEqualTo(50000);
    assertThat(amount.getBoolean("result")).isTrue();
    assertThat(amount.isNull("note")).isTrue();

    // A resource no policy names: no policies in the trace, but the attributes are there.
    JsonObject none = explained(Checks.checkBody(token, "invoices", "approve", null, null));
    assertThat(none.getString("reason")).isEqualTo("no_applicable_policy");
    assertThat(none.getJsonObject("trace").getJsonArray("policies")).isEmpty();
    assertThat(none.getJsonObject("trace").getJsonObject("attributes").getString("resource"))
        .isEqualTo("invoices");
  }

  @Test
  void explainBehindATrustedProxyReadsTheForwardedAddressAsACheckDoes() {
    // The shared server trusts 127.0.0.0/8 as proxies (LibertyServer): the address is the
    // right-most X-Forwarded-For hop that is not a trusted proxy, as for a check.
    String token = idp.mint(tenant, Map.of("sub", "user_mgr", "org_role", "manager"));
    String body = Checks.checkBody(token, "orders", "approve", null, null);
    Http.Reply r = explain(admin.header("X-Forwarded-For", "198.51.100.23, 127.0.0.9"), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject attributes = r.data().getJsonObject("trace").getJsonObject("attributes");
    assertThat(attributes.getString("ip_address")).isEqualTo("198.51.100.23");
    // The body's ipAddress still wins.
    Http.Reply given =
        explain(
            admin.header("X-Forwarded-For", "198.51.100.23"),
            Checks.checkBody(token, "orders", "approve", null, "192.0.2.44"));
    assertThat(
            given.data().getJsonObject("trace").getJsonObject("attributes").getString("ip_address"))
        .isEqualTo("192.0.2.44");
  }

  @Test
  void aFailingTokenIsStillA200WithItsCodeAndTheUnverifiedToken() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired =
        idp.mint(tenant, Map.of("sub", "user_late", "org_role", "manager", "exp", past));
    JsonObject d = explained(Checks.checkBody(expired, "orders", "approve", null, null));
    assertThat(d.getBoolean("allowed")).isFalse();
    assertThat(d.getString("decision")).isEqualTo("Deny");
    assertThat(d.getString("code")).isEqualTo("token_expired");
    assertThat(d.getString("detail")).isNotBlank();
    JsonObject trace = d.getJsonObject("trace");
    assertThat(trace.getJsonObject("token").getJsonObject("header").getString("alg"))
        .isEqualTo("RS256");
    JsonObject claims = trace.getJsonObject("token").getJsonObject("claims");
    assertThat(claims.getString("sub")).isEqualTo("user_late");
    assertThat(claims.getJsonNumber("exp").longValue()).isEqualTo(past);
    assertThat(trace.getJsonArray("policies")).isEmpty();
    assertThat(trace.getJsonObject("attributes").containsKey("ext_role")).isFalse();

    String stranger = Workspaces.unique("stranger");
    JsonObject unknown =
        explained(
            Checks.checkBody(
                idp.mint(stranger, Map.of("sub", "user_s")), "orders", "approve", null, null));
    assertThat(unknown.getBoolean("allowed")).isFalse();
    assertThat(unknown.getString("code")).isEqualTo("unknown_issuer");
    assertThat(
            unknown
                .getJsonObject("trace")
                .getJsonObject("token")
                .getJsonObject("claims")
                .getString("iss"))
        .isEqualTo(idp.issuer(stranger));
    assertThat(unknown.getJsonObject("trace").isNull("provider")).isTrue();

    JsonObject garbage = explained(Checks.checkBody("not.a.jwt", "orders", "approve", null, null));
    assertThat(garbage.getString("code")).isEqualTo("malformed_token");
    assertThat(garbage.getBoolean("allowed")).isFalse();

    JsonObject missing = explained("{\"resource\":\"orders\",\"action\":\"approve\"}");
    assertThat(missing.getString("code")).isEqualTo("missing_token");
    assertThat(missing.getBoolean("allowed")).isFalse();

    // A bad request is still a 400, not an explanation.
    assertThat(ProblemAssert.pointers(explain(admin, "{\"token\":\"x\",\"action\":\"approve\"}")))
        .containsExactly("/resource");
  }

  @Test
  void explainNeedsAdminCredentials() {
    String token = idp.mint(tenant, Map.of("sub", "user_admin", "org_role", "admin"));
    String body = Checks.checkBody(token, "orders", "approve", null, null);
    ProblemAssert.assertProblem(explain(anonymous, body), 401, "unauthorized");
    ProblemAssert.assertProblem(
        explain(anonymous.header("Authorization", "Bearer " + token), body), 401, "unauthorized");
    ProblemAssert.assertProblem(
        explain(anonymous.basic(server.adminUser(), server.adminPassword() + "x"), body),
        401,
        "unauthorized");
    ProblemAssert.assertProblem(
        admin.post(
            "/api/v1/admin/workspaces/no-such-"
                + Workspaces.unique("ws")
                + "/authorization/explain",
            body),
        404,
        "not_found");
  }

  @Test
  void explainRecordsNothingInTheAuditLog() {
    String subject = Workspaces.unique("explain-only");
    String token = idp.mint(tenant, Map.of("sub", subject, "org_role", "manager"));
    for (String amount : List.of("5", "50000", "\"x\"")) {
      explained(
          Checks.checkBody(token, "orders", "approve", "{\"orderAmount\":" + amount + "}", null));
    }
    // A real check after the explanations: once it is in the log, anything queued before it is.
    String id =
        Checks.decide(ws, token, "orders", "approve", "{\"orderAmount\":5}")
            .getString("decisionId");
    AuditLog.awaitDecision(ws, id);
    List<JsonObject> records = AuditLog.listAll(ws, "subject=" + subject);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getString("decisionId")).isEqualTo(id);
  }
}
