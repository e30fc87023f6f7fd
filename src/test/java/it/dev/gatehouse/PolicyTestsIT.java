package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policy tests (docs/api.md#policy-tests): stored cases (CRUD with versions, unique names, strict
 * validation), runs of the stored cases or of cases given in the body against the saved policies or
 * a draft set through the engine that decides checks; claims mapped through the provider's claim
 * mappings; every result with pass/fail, a failure with its trace; {@code ?requireTests=pass}
 * refusing a policy write that makes a case fail (422, nothing written); bad bodies are 400 with
 * pointers, never a 500.
 */
class PolicyTestsIT extends OnSharedServer {
  static String ws;
  static String tenant;
  static String policyId;

  static final String MANAGERS_ONLY =
      """
      {"name":"pt_orders","resources":["orders"],"actions":["approve"],
       "specification":{"rules":[
         {"rule_id":"managers","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"manager"}]}],
        "default":{"effect":"Deny"}}}
      """;

  static final String MANAGERS_AND_LEADS =
      """
      {"name":"pt_orders","resources":["orders"],"actions":["approve"],
       "specification":{"rules":[
         {"rule_id":"managers","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"manager"}]},
         {"rule_id":"leads","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"lead"}]}],
        "default":{"effect":"Deny"}}}
      """;

  static final String MANAGER_ALLOWED =
      """
      {"name":"manager approves","input":{"attributes":{"ext_role":"manager"}},
       "resource":"orders","action":"approve",
       "expect":{"decision":"Allow","policy":"pt_orders","ruleId":"managers"}}
      """;

  static final String LEAD_ALLOWED =
      """
      {"name":"lead approves","input":{"attributes":{"ext_role":"lead"}},
       "resource":"orders","action":"approve","expect":{"decision":"Allow"}}
      """;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "ptest");
    tenant = Workspaces.unique("ptest");
    Workspaces.clerkProvider(ws, tenant, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    policyId = Workspaces.createPolicy(ws, MANAGERS_ONLY);
  }

  private static Http.Reply run(String body) {
    return admin.post("/api/v1/admin/workspaces/" + ws + "/policies/test", body);
  }

  private static JsonObject ran(String body) {
    Http.Reply r = run(body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  @Test
  void runsCasesAgainstTheSavedPoliciesAndTracesTheFailure() {
    JsonObject d = ran("{\"cases\":[" + MANAGER_ALLOWED + "," + LEAD_ALLOWED + "]}");
    assertThat(d.getInt("passed")).isEqualTo(1);
    assertThat(d.getInt("failed")).isEqualTo(1);
    List<JsonObject> results = d.getJsonArray("results").getValuesAs(JsonObject.class);

    JsonObject pass = results.get(0);
    assertThat(pass.getJsonObject("case").getString("name")).isEqualTo("manager approves");
    assertThat(pass.getBoolean("passed")).isTrue();
    assertThat(pass.getJsonObject("decision").getString("ruleId")).isEqualTo("managers");
    assertThat(pass.containsKey("trace")).isFalse();

    JsonObject fail = results.get(1);
    assertThat(fail.getBoolean("passed")).isFalse();
    assertThat(fail.getJsonObject("decision").getString("decision")).isEqualTo("Deny");
    assertThat(fail.getJsonObject("decision").getString("reason")).isEqualTo("default_effect");
    assertThat(fail.getJsonObject("expected").getString("decision")).isEqualTo("Allow");
    JsonObject policy = fail.getJsonObject("trace").getJsonArray("policies").getJsonObject(0);
    assertThat(policy.getString("id")).isEqualTo(policyId);
    JsonObject condition =
        policy.getJsonArray("rules").getJsonObject(0).getJsonArray("conditions").getJsonObject(0);
    assertThat(condition.getString("actual")).isEqualTo("lead");
    assertThat(condition.getBoolean("result")).isFalse();
  }

  @Test
  void runsCasesAgainstADraftThatFixesTheFailureWithoutWritingIt() {
    JsonObject d =
        ran(
            "{\"cases\":["
                + MANAGER_ALLOWED
                + ","
                + LEAD_ALLOWED
                + "],\"policies\":["
                + MANAGERS_AND_LEADS
                + "]}");
    assertThat(d.getInt("passed")).isEqualTo(2);
    assertThat(d.getInt("failed")).isEqualTo(0);
    // The draft replaced the saved policy for the run only.
    JsonObject saved = admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId).data();
    assertThat(saved.getInt("version")).isEqualTo(1);
    assertThat(saved.getJsonObject("specification").getJsonArray("rules")).hasSize(1);
    // An empty draft set: nothing applies.
    JsonObject none = ran("{\"cases\":[" + MANAGER_ALLOWED + "],\"policies\":[]}");
    JsonObject result = none.getJsonArray("results").getJsonObject(0);
    assertThat(result.getBoolean("passed")).isFalse();
    assertThat(result.getJsonObject("decision").getString("reason"))
        .isEqualTo("no_applicable_policy");
  }

  @Test
  void mapsClaimsThroughTheProvidersClaimMappings() {
    JsonObject d =
        ran(
            """
            {"cases":[
              {"name":"manager by claims","input":{"claims":{"sub":"u1","org_role":"manager"}},
               "resource":"orders","action":"approve",
               "expect":{"decision":"Allow","ruleId":"managers"}},
              {"name":"unknown provider","input":{"claims":{"org_role":"manager"},
               "provider":"no-such-provider"},
               "resource":"orders","action":"approve","expect":{"decision":"Allow"}}]}
            """);
    List<JsonObject> results = d.getJsonArray("results").getValuesAs(JsonObject.class);
    assertThat(results.get(0).getBoolean("passed")).as(results.get(0).toString()).isTrue();
    assertThat(results.get(1).getBoolean("passed")).isFalse();
    assertThat(results.get(1).getString("error")).contains("no provider");
  }

  @Test
  void refusesABadCaseWithPointers() {
    Http.Reply r =
        run(
            """
            {"cases":[{"name":"bad","input":{"attributes":[]},"resource":"orders",
              "expect":{"decision":"allow","extra":1},"bogus":true}]}
            """);
    assertProblem(r, 400, "validation_failed");
    assertThat(pointers(r))
        .contains(
            "/cases/0/input/attributes",
            "/cases/0/action",
            "/cases/0/expect/decision",
            "/cases/0/expect/extra",
            "/cases/0/bogus");
  }

  @Test
  void refusesABadDraftWithPointersUnderPolicies() {
    Http.Reply r =
        run(
            "{\"cases\":["
                + MANAGER_ALLOWED
                + "],\"policies\":[{\"name\":\"p\",\"resources\":[\"orders\"],"
                + "\"actions\":[\"approve\"],\"specification\":{\"rules\":[{\"rule_id\":\"r\","
                + "\"effect\":\"Allow\",\"conditions\":[{\"function\":\"string_equalz\","
                + "\"attribute\":\"ext_role\",\"value\":\"x\"}]}],"
                + "\"default\":{\"effect\":\"Deny\"}}}]}");
    assertProblem(r, 400, "validation_failed");
    assertThat(pointers(r)).anyMatch(p -> p.startsWith("/policies/0/specification/"));
  }

  @Test
  void hostileBodiesAreRefusedNeverA500() {
    for (String body :
        List.of(
            "[]",
            "null",
            "{\"cases\":{}}",
            "{\"cases\":[]}",
            "{\"cases\":[null]}",
            "{\"cases\":[1,\"x\"]}",
            "{\"cases\":[" + MANAGER_ALLOWED + "],\"policies\":null}",
            "{\"cases\":[" + MANAGER_ALLOWED + "],\"policies\":{}}",
            "{\"cases\":[" + MANAGER_ALLOWED + "],\"policies\":[null,1]}",
            "{\"cases\":["
                + MANAGER_ALLOWED
                + "],\"policies\":["
                + MANAGERS_ONLY
                + ","
                + MANAGERS_ONLY
                + "]}",
            "{\"cases\":[" + MANAGER_ALLOWED + "],\"other\":1}")) {
      assertProblem(run(body), 400, "validation_failed");
    }
    assertThat(
            admin
                .post("/api/v1/admin/workspaces/no-such-ws-pt/policies/test", "{\"cases\":[]}")
                .status())
        .isIn(400, 404);
    String cases = "/api/v1/admin/workspaces/" + ws + "/policy-tests";
    for (String body :
        List.of(
            "[]",
            "null",
            "\"x\"",
            "{}",
            "{\"name\":null,\"input\":null,\"expect\":null}",
            "{\"name\":\"n\",\"input\":{\"attributes\":{}},\"resource\":\"r\",\"action\":\"a\","
                + "\"expect\":{\"decision\":\"Deny\"},\"version\":1e999}",
            "{\"name\":\""
                + "n".repeat(300)
                + "\",\"input\":{\"attributes\":{}},"
                + "\"resource\":\"r\",\"action\":\"a\",\"expect\":{\"decision\":\"Deny\"}}",
            "{\"name\":\"a\\u0000b\",\"input\":{\"claims\":{},\"provider\":7},"
                + "\"resource\":\"r\",\"action\":\"a\",\"expect\":{\"decision\":\"Deny\"}}")) {
      assertProblem(admin.post(cases, body), 400, "validation_failed");
    }
    assertProblem(admin.get(cases + "?limit=0"), 400, "validation_failed");
    assertProblem(admin.get(cases + "?cursor=%00%01"), 400, "validation_failed");
    assertProblem(admin.get(cases + "/" + "x".repeat(400)), 404, "not_found");
    assertProblem(
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/policies?requireTests=" + "p".repeat(5000),
            MANAGERS_ONLY),
        400,
        "validation_failed");
    assertProblem(
        admin.post("/api/v1/admin/workspaces/" + ws + "/policies?requireTests=%00", MANAGERS_ONLY),
        400,
        "validation_failed");
  }

  private static String withVersion(String json, long version) {
    return "{\"version\":" + version + "," + json.strip().substring(1);
  }

  @Test
  void storesCasesWithVersionsAndUniqueNames() {
    String cases = "/api/v1/admin/workspaces/" + ws + "/policy-tests";
    Http.Reply created = admin.post(cases, MANAGER_ALLOWED);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject c = created.data();
    String id = c.getString("id");
    assertThat(created.header("Location")).endsWith("/policy-tests/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(c.getString("name")).isEqualTo("manager approves");
    assertThat(c.getJsonObject("input").getJsonObject("attributes").getString("ext_role"))
        .isEqualTo("manager");
    assertThat(c.getJsonObject("expect").getString("ruleId")).isEqualTo("managers");
    assertThat(c.getInt("version")).isEqualTo(1);

    // What GET answers can be PUT back; a stale version is 409, the right one moves it on.
    JsonObject read = admin.get(cases + "/" + id).data();
    assertThat(read).isEqualTo(c);
    Http.Reply stale = admin.put(cases + "/" + id, withVersion(LEAD_ALLOWED, 7));
    assertProblem(stale, 409, "conflict");
    Http.Reply updated = admin.put(cases + "/" + id, withVersion(MANAGER_ALLOWED, 1));
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.data().getInt("version")).isEqualTo(2);

    // A second case with the same name is 409; another name is fine; paging as other lists.
    assertProblem(admin.post(cases, MANAGER_ALLOWED), 409, "conflict");
    Http.Reply second = admin.post(cases, LEAD_ALLOWED);
    assertThat(second.status()).isEqualTo(201);
    Http.Reply page = admin.get(cases + "?limit=1");
    assertThat(page.list()).hasSize(1);
    assertThat(page.object().getString("nextCursor")).isNotEmpty();

    // A bad case is 400 with pointers, and nothing is stored.
    Http.Reply bad =
        admin.post(
            cases,
            """
            {"name":"bad","input":{"claims":"x"},"resource":"","action":"approve",
             "expect":{"decision":"Maybe"},"context":[]}
            """);
    assertProblem(bad, 400, "validation_failed");
    assertThat(pointers(bad))
        .contains("/input/claims", "/resource", "/expect/decision", "/context");

    assertThat(admin.delete(cases + "/" + id).status()).isEqualTo(204);
    assertProblem(admin.get(cases + "/" + id), 404, "not_found");
    assertThat(admin.delete(cases + "/" + second.data().getString("id")).status()).isEqualTo(204);
    assertProblem(admin.get(cases + "/" + "x".repeat(400)), 404, "not_found");
  }

  @Test
  void refusesToStoreACaseLongerThan64KiBAndStoresNothing() {
    String cases = "/api/v1/admin/workspaces/" + ws + "/policy-tests";
    int before = admin.get(cases + "?limit=100").list().size();
    String big =
        "{\"name\":\"too big\",\"input\":{\"attributes\":{\"ext_role\":\"manager\"}},"
            + "\"resource\":\"orders\",\"action\":\"approve\","
            + "\"context\":{\"blob\":\""
            + "x".repeat(70_000)
            + "\"},\"expect\":{\"decision\":\"Allow\"}}";
    Http.Reply r = admin.post(cases, big);
    assertProblem(r, 400, "validation_failed");
    assertThat(r.body()).contains("at most 65536 characters");
    assertThat(admin.get(cases + "?limit=100").list()).hasSize(before);
    // The same case given in a run (not stored) is only bounded by the body size.
    Http.Reply run = run("{\"cases\":[" + big + "]}");
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
  }

  @Test
  void requireTestsRefusesAWriteThatMakesAStoredCaseFail() {
    String w = Workspaces.createWorkspace(admin, "ptreq");
    String policies = "/api/v1/admin/workspaces/" + w + "/policies";
    String id = Workspaces.createPolicy(w, MANAGERS_AND_LEADS);
    for (String c : List.of(MANAGER_ALLOWED, LEAD_ALLOWED)) {
      Http.Reply r = admin.post("/api/v1/admin/workspaces/" + w + "/policy-tests", c);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    // {} runs the stored cases against the saved policies.
    JsonObject all = admin.post(policies + "/test", "{}").data();
    assertThat(all.getInt("passed")).as(all.toString()).isEqualTo(2);
    assertThat(all.getJsonArray("results").getJsonObject(0).getJsonObject("case").getString("id"))
        .isNotEmpty();

    // Dropping the leads rule would fail "lead approves": 422, and the policy is unchanged.
    Http.Reply refused =
        admin.put(policies + "/" + id + "?requireTests=pass", withVersion(MANAGERS_ONLY, 1));
    JsonObject problem = assertProblem(refused, 422, "tests_failed");
    assertThat(problem.getJsonArray("failures")).hasSize(1);
    JsonObject failure = problem.getJsonArray("failures").getJsonObject(0);
    assertThat(failure.getJsonObject("case").getString("name")).isEqualTo("lead approves");
    assertThat(failure.getJsonObject("trace").getJsonArray("policies")).hasSize(1);
    JsonObject kept = admin.get(policies + "/" + id).data();
    assertThat(kept.getInt("version")).isEqualTo(1);
    assertThat(kept.getJsonObject("specification").getJsonArray("rules")).hasSize(2);
    // The refused write left the decisions alone too.
    assertThat(admin.post(policies + "/test", "{}").data().getInt("passed")).isEqualTo(2);

    // A new policy that denies every approval is refused the same way, and not created.
    String blockAll =
        """
        {"name":"pt_block","resources":["orders"],"actions":["approve"],
         "specification":{"rules":[
           {"rule_id":"nobody","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"nobody"}]}],
          "default":{"effect":"Deny"}}}
        """;
    Http.Reply refusedCreate = admin.post(policies + "?requireTests=pass", blockAll);
    assertThat(assertProblem(refusedCreate, 422, "tests_failed").getJsonArray("failures"))
        .hasSize(2);
    assertThat(admin.get(policies).list()).hasSize(1);

    // A write that keeps every case passing is accepted; any other value of requireTests is 400.
    String renamedRule = MANAGERS_AND_LEADS.replace("\"leads\"", "\"team-leads\"");
    Http.Reply accepted =
        admin.put(policies + "/" + id + "?requireTests=pass", withVersion(renamedRule, 1));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.data().getInt("version")).isEqualTo(2);
    assertProblem(
        admin.put(policies + "/" + id + "?requireTests=yes", withVersion(renamedRule, 2)),
        400,
        "validation_failed");
    assertProblem(admin.post(policies + "?requireTests=", blockAll), 400, "validation_failed");
    // Without the parameter, a write is made as before, failing cases or not.
    Http.Reply unchecked = admin.put(policies + "/" + id, withVersion(MANAGERS_ONLY, 2));
    assertThat(unchecked.status()).as(unchecked.toString()).isEqualTo(200);
    JsonObject after = admin.post(policies + "/test", "{}").data();
    assertThat(after.getInt("failed")).isEqualTo(1);

    // A rollback is a write too: back to version 2 (both rules) passes; back to 3 (managers
    // only) would fail "lead approves": 422, nothing written.
    Http.Reply restored =
        admin.post(policies + "/" + id + "/versions/2/rollback?requireTests=pass", "{}");
    assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    assertThat(restored.data().getInt("version")).isEqualTo(4);
    assertProblem(
        admin.post(policies + "/" + id + "/versions/3/rollback?requireTests=pass", "{}"),
        422,
        "tests_failed");
    assertThat(admin.get(policies + "/" + id).data().getInt("version")).isEqualTo(4);
    // And so is a delete: without the policy every approval is denied, so it stays.
    assertProblem(admin.delete(policies + "/" + id + "?requireTests=pass"), 422, "tests_failed");
    assertThat(admin.get(policies + "/" + id).status()).isEqualTo(200);
    assertProblem(admin.delete(policies + "/" + id + "?requireTests=no"), 400, "validation_failed");
    assertThat(admin.delete(policies + "/" + id).status()).isEqualTo(204);
  }

  @Test
  void guardedWritesRacingInOneWorkspaceAreEachCheckedWithTheOthersCommit() throws Exception {
    // Two policies that each let managers approve: deleting either one alone keeps the case
    // passing, deleting both fails it. Raced, the guarded deletes run one after the other, so
    // exactly one is made and the other sees it and is refused.
    String w = Workspaces.createWorkspace(admin, "ptrace");
    String policies = "/api/v1/admin/workspaces/" + w + "/policies";
    String a = Workspaces.createPolicy(w, MANAGERS_AND_LEADS);
    String b =
        Workspaces.createPolicy(w, MANAGERS_AND_LEADS.replace("\"pt_orders\"", "\"pt_orders_b\""));
    Http.Reply stored =
        admin.post(
            "/api/v1/admin/workspaces/" + w + "/policy-tests",
            """
            {"name":"managers approve","input":{"attributes":{"ext_role":"manager"}},
             "resource":"orders","action":"approve","expect":{"decision":"Allow"}}
            """);
    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Http.Reply> replies =
        Concurrently.atOnce(
            2,
            () ->
                admin.delete(
                    policies + "/" + (next.getAndIncrement() == 0 ? a : b) + "?requireTests=pass"));
    assertThat(replies.stream().map(Http.Reply::status).sorted().toList())
        .as(replies.toString())
        .containsExactly(204, 422);
    assertThat(admin.get(policies).list()).hasSize(1);
    assertThat(admin.post(policies + "/test", "{}").data().getInt("passed")).isEqualTo(1);
  }

  @Test
  void runsRecordNothingInTheAuditLog() {
    String subject = Workspaces.unique("pt-only");
    ran(
        "{\"cases\":["
            + MANAGER_ALLOWED
            + ",{\"name\":\"by claims\",\"input\":{\"claims\":{\"sub\":\""
            + subject
            + "\",\"org_role\":\"manager\"}},\"resource\":\"orders\",\"action\":\"approve\","
            + "\"expect\":{\"decision\":\"Allow\"}}]}");
    ran("{}");
    // A real check after the runs: once it is in the log, anything queued before it is.
    String token = idp.mint(tenant, java.util.Map.of("sub", subject, "org_role", "manager"));
    String id = Checks.decide(ws, token, "orders", "approve", "{}").getString("decisionId");
    AuditLog.awaitDecision(ws, id);
    List<JsonObject> records = AuditLog.listAll(ws, "");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getString("decisionId")).isEqualTo(id);
  }

  @Test
  void needsTheAdminsCredentials() {
    Http.Reply r =
        anonymous.post(
            "/api/v1/admin/workspaces/" + ws + "/policies/test",
            "{\"cases\":[" + MANAGER_ALLOWED + "]}");
    assertThat(r.status()).isEqualTo(401);
  }
}
