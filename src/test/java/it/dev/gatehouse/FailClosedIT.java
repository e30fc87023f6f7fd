package it.dev.gatehouse;

import static it.dev.gatehouse.Health.readiness;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fail closed (docs/security.md, "Readiness and failing closed"): stored policies that stop
 * compiling — here edited in the server's database while it is stopped, as a hand edit or another
 * Gatehouse version would leave them — are never treated as absent. The checks they cover are
 * denied ({@code policy_unavailable}) where dropping them would allow; readiness counts them
 * without a word of their content; the admin API, explain and the log (once per policy) say why;
 * and once fixed through the admin API the checks decide normally again and the node is ready.
 *
 * <p>Runs on a server of its own, which it makes unready on purpose. Its restart also goes through
 * the change path: the restarted node re-reads its previous incarnation's recent changes from the
 * change log (another node id), so each broken policy is reloaded one by one after the full load.
 */
class FailClosedIT {
  static LibertyServer server;
  static Http admin;
  static Http anonymous;
  static ItIdp idp;
  static String ws;
  static String tenant;
  static String member;
  static String contractor;
  static JsonObject membersPolicy;
  static JsonObject guardPolicy;
  static JsonObject reportsPolicy;

  /** As written through the admin API: a Deny that guards what another policy allows. */
  static final String GUARD_SPEC =
      """
      {"rules":[{"rule_id":"no-contractors","effect":"Deny","conditions":[
        {"function":"string_equal","attribute":"ext_role","value":"contractor"}]}],
       "default":{"effect":"Allow"}}""";

  /**
   * The guard as a Gatehouse with another function set would store it (and a name trying to forge a
   * log line).
   */
  static final String GUARD_SPEC_UNKNOWN_FUNCTION =
      GUARD_SPEC.replace("\"string_equal\"", "\"string_matches_regex\\nSEVERE forged line\"");

  @BeforeAll
  static void start() {
    server = LibertyServer.startAnother("failclosed", 60, Map.of());
    admin = Http.admin(server);
    anonymous = Http.anonymous(server);
    idp = ItIdp.shared();
    ws = Workspaces.createWorkspace(admin, "failclosed");
    tenant = Workspaces.unique("failclosed");
    Http.Reply p =
        admin.post(
            base() + "/providers",
            "{\"name\":\"Clerk "
                + tenant
                + "\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\",\"claimMappings\":[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    member = idp.mint(tenant, Map.of("sub", "user_member", "org_role", "member"));
    contractor = idp.mint(tenant, Map.of("sub", "user_contractor", "org_role", "contractor"));
    membersPolicy =
        create(
            """
            {"name":"orders_members","resources":["orders","invoices"],"actions":["approve"],
             "specification":{"rules":[{"rule_id":"members","effect":"Allow","conditions":[
               {"function":"string_equal","attribute":"ext_role","value":"member"}]}],
              "default":{"effect":"Deny"}}}""");
    guardPolicy =
        create(
            "{\"name\":\"orders_guard\",\"resources\":[\"orders\"],\"actions\":[\"approve\"],"
                + "\"specification\":"
                + GUARD_SPEC
                + "}");
    reportsPolicy =
        create(
            """
            {"name":"reports_viewers","resources":["reports"],"actions":["read"],
             "specification":{"rules":[{"rule_id":"members","effect":"Allow","conditions":[
               {"function":"string_equal","attribute":"ext_role","value":"member"}]}],
              "default":{"effect":"Deny"}}}""");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  static String base() {
    return "/api/v1/admin/workspaces/" + ws;
  }

  static JsonObject create(String json) {
    Http.Reply r = admin.post(base() + "/policies", json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data();
  }

  static JsonObject check(String token, String resource, String action) {
    Http.Reply r =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check",
            "{\"token\":\""
                + token
                + "\",\"resource\":\""
                + resource
                + "\",\"action\":\""
                + action
                + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** Replaces a policy's stored specification directly in the stopped server's database. */
  static void corrupt(Map<String, String> specificationById) throws SQLException {
    server.onStoppedDatabase(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE gh_policy SET specification = ? WHERE id = ?")) {
            for (Map.Entry<String, String> e : specificationById.entrySet()) {
              s.setString(1, e.getValue());
              s.setString(2, e.getKey());
              assertThat(s.executeUpdate()).as("rows of policy %s", e.getKey()).isEqualTo(1);
            }
          }
        });
  }

  static int occurrences(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void brokenStoredPoliciesDenyWhatTheyCoverUntilFixedAndReadinessAndAdminsAreTold()
      throws Exception {
    // Before: a member may approve orders (orders_members allows, the guard's default allows);
    // the guard denies contractors; reports are open to members.
    assertThat(check(member, "orders", "approve").getBoolean("allowed")).isTrue();
    JsonObject guarded = check(contractor, "orders", "approve");
    assertThat(guarded.getBoolean("allowed")).isFalse();
    assertThat(guarded.getString("reason")).isEqualTo("rule_matched");
    assertThat(check(member, "reports", "read").getBoolean("allowed")).isTrue();

    String guardId = guardPolicy.getString("id");
    String reportsId = reportsPolicy.getString("id");
    server.restartUntilLive(
        () ->
            corrupt(
                Map.of(guardId, GUARD_SPEC_UNKNOWN_FUNCTION, reportsId, "{\"rules\": [ not json")));
    // Wait for the first read of the change log (the reload of each changed policy).
    Http.Reply ready = anonymous.get("/health/ready");
    for (int i = 0;
        i < 100 && readiness(ready).getJsonNumber("changesReadMillisAgo").longValue() < 0;
        i++) {
      Thread.sleep(100);
      ready = anonymous.get("/health/ready");
    }

    // Checks the broken Deny covers are denied, where dropping it would allow the member.
    for (String token : List.of(member, contractor)) {
      JsonObject d = check(token, "orders", "approve");
      assertThat(d.getBoolean("allowed")).as(d.toString()).isFalse();
      assertThat(d.getString("decision")).isEqualTo("Deny");
      assertThat(d.getString("reason")).isEqualTo("policy_unavailable");
      assertThat(d.getString("policy")).isEqualTo("orders_guard");
      assertThat(d.isNull("ruleId")).isTrue();
    }
    JsonObject reports = check(member, "reports", "read");
    assertThat(reports.getBoolean("allowed")).isFalse();
    assertThat(reports.getString("reason")).isEqualTo("policy_unavailable");
    assertThat(reports.getString("policy")).isEqualTo("reports_viewers");
    // What they do not cover decides as before.
    JsonObject invoices = check(member, "invoices", "approve");
    assertThat(invoices.getBoolean("allowed")).isTrue();
    assertThat(invoices.getString("reason")).isEqualTo("rule_matched");

    // Readiness: not ready, with a count and nothing of the policies.
    assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
    JsonObject data = readiness(ready);
    assertThat(ready.object().getString("status")).isEqualTo("DOWN");
    assertThat(data.getInt("brokenPolicies")).isEqualTo(2);
    assertThat(data.getBoolean("migrated")).isTrue();
    assertThat(data.getBoolean("demo")).isTrue();
    for (String secret :
        List.of(
            guardId,
            reportsId,
            "orders_guard",
            "reports_viewers",
            "string_matches_regex",
            "not valid JSON",
            ws)) {
      assertThat(ready.body()).doesNotContain(secret);
    }

    // The admin health endpoint has the reasons.
    Http.Reply health = admin.get("/api/v1/admin/health");
    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    assertThat(health.data().getString("status")).isEqualTo("DOWN");
    List<JsonObject> broken =
        health.data().getJsonArray("brokenPolicies").getValuesAs(JsonObject.class);
    assertThat(broken).extracting(b -> b.getString("policyId")).contains(guardId, reportsId);
    JsonObject guardEntry =
        broken.stream().filter(b -> b.getString("policyId").equals(guardId)).findFirst().get();
    assertThat(guardEntry.getString("workspace")).isEqualTo(ws);
    assertThat(guardEntry.getString("name")).isEqualTo("orders_guard");
    assertThat(guardEntry.getString("error"))
        .contains("/specification/rules/0/conditions/0/function")
        .contains("string_matches_regex");
    JsonObject reportsEntry =
        broken.stream().filter(b -> b.getString("policyId").equals(reportsId)).findFirst().get();
    assertThat(reportsEntry.getString("error"))
        .isEqualTo("the stored specification is not valid JSON");
    assertThat(anonymous.get("/api/v1/admin/health").status()).isEqualTo(401);

    // The admin API shows each policy as broken, with its error; the list still answers.
    Http.Reply guardNow = admin.get(base() + "/policies/" + guardId);
    assertThat(guardNow.status()).as(guardNow.toString()).isEqualTo(200);
    assertThat(guardNow.data().getString("status")).isEqualTo("broken");
    assertThat(guardNow.data().getString("error")).isEqualTo(guardEntry.getString("error"));
    Http.Reply list = admin.get(base() + "/policies");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    JsonObject reportsListed =
        list.list().getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("id").equals(reportsId))
            .findFirst()
            .get();
    assertThat(reportsListed.getString("status")).isEqualTo("broken");
    assertThat(reportsListed.isNull("specification")).isTrue();
    JsonObject membersListed =
        list.list().getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("id").equals(membersPolicy.getString("id")))
            .findFirst()
            .get();
    assertThat(membersListed.getString("status")).isEqualTo("ok");
    assertThat(membersListed.isNull("error")).isTrue();

    // Explain shows the broken policy and why.
    Http.Reply explained =
        admin.post(
            base() + "/authorization/explain",
            "{\"token\":\"" + member + "\",\"resource\":\"orders\",\"action\":\"approve\"}");
    assertThat(explained.status()).as(explained.toString()).isEqualTo(200);
    assertThat(explained.data().getString("reason")).isEqualTo("policy_unavailable");
    List<JsonObject> traced =
        explained
            .data()
            .getJsonObject("trace")
            .getJsonArray("policies")
            .getValuesAs(JsonObject.class);
    JsonObject guardTrace =
        traced.stream().filter(t -> t.getString("id").equals(guardId)).findFirst().get();
    assertThat(guardTrace.getString("reason")).isEqualTo("policy_unavailable");
    assertThat(guardTrace.getString("error")).isEqualTo(guardEntry.getString("error"));
    assertThat(guardTrace.getJsonArray("rules")).isEmpty();
    JsonObject membersTrace =
        traced.stream().filter(t -> t.getString("name").equals("orders_members")).findFirst().get();
    assertThat(membersTrace.getString("reason")).isEqualTo("rule_matched");
    assertThat(membersTrace.isNull("error")).isTrue();

    // The log says it once per policy (the full load and the change-log reload), escaped.
    String log = server.messagesLog();
    assertThat(occurrences(log, "Policy \"" + guardId + "\"")).as(log).isEqualTo(1);
    assertThat(occurrences(log, "Policy \"" + reportsId + "\"")).as(log).isEqualTo(1);
    assertThat(log).contains("cannot be compiled; the checks it covers are denied");
    assertThat(log).doesNotContain("\nSEVERE forged line");

    // Fixed through the admin API (what GET returned, status and error included, can be PUT back):
    // the checks decide normally again and the node is ready.
    Http.Reply fixed =
        admin.put(
            base() + "/policies/" + guardId,
            jakarta.json.Json.createObjectBuilder(guardNow.data())
                .add(
                    "specification",
                    jakarta.json.Json.createReader(new java.io.StringReader(GUARD_SPEC))
                        .readObject())
                .build()
                .toString());
    assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
    assertThat(fixed.data().getString("status")).isEqualTo("ok");
    assertThat(check(member, "orders", "approve").getBoolean("allowed")).isTrue();
    assertThat(check(contractor, "orders", "approve").getString("reason"))
        .isEqualTo("rule_matched");
    // One still broken: still not ready, now with a count of one.
    Http.Reply stillDown = anonymous.get("/health/ready");
    assertThat(stillDown.status()).isEqualTo(503);
    assertThat(readiness(stillDown).getInt("brokenPolicies")).isEqualTo(1);
    assertThat(check(member, "reports", "read").getString("reason"))
        .isEqualTo("policy_unavailable");

    Http.Reply fixedReports =
        admin.put(
            base() + "/policies/" + reportsId,
            jakarta.json.Json.createObjectBuilder(reportsPolicy)
                .add("version", reportsListed.getJsonNumber("version"))
                .build()
                .toString());
    assertThat(fixedReports.status()).as(fixedReports.toString()).isEqualTo(200);
    assertThat(check(member, "reports", "read").getBoolean("allowed")).isTrue();

    Http.Reply up = anonymous.get("/health/ready");
    assertThat(up.status()).as(up.toString()).isEqualTo(200);
    assertThat(readiness(up).getInt("brokenPolicies")).isZero();
    Http.Reply healthUp = admin.get("/api/v1/admin/health");
    assertThat(healthUp.data().getString("status")).isEqualTo("UP");
    assertThat(healthUp.data().getJsonArray("brokenPolicies")).isEmpty();
    assertThat(server.messagesLog()).contains("Policy \"" + guardId + "\" compiles again");
  }
}
