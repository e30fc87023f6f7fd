package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policies as code (docs/api.md#export-and-import) over real HTTP: a workspace exported (JSON,
 * YAML) and imported into another one byte for byte; a dry run that writes nothing and shows the
 * exact diff; an apply in one transaction, each write versioned with the admin user; a failure half
 * way that leaves nothing changed (database and live checks); a stale If-Match (409); requireTests
 * (422); hostile documents (400 with pointers, never a 500).
 */
class ExportImportIT extends OnSharedServer {
  static String source;
  static String tenant;

  static final String APPROVE =
      """
      {"name":"orders_approve","resources":["orders"],"actions":["approve"],
       "specification":{"rules":[
         {"rule_id":"managers","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"manager"}]}],
        "default":{"effect":"Deny"}}}
      """;
  static final String REPORTS =
      """
      {"name":"reports_read","description":"anyone reads reports","resources":["reports"],
       "actions":["read"],
       "specification":{"rules":[{"rule_id":"all","effect":"Allow","conditions":[]}],
        "default":{"effect":"Deny"}}}
      """;
  static final String OLD =
      """
      {"name":"to_remove","resources":["legacy"],"actions":["read"],
       "specification":{"rules":[{"rule_id":"all","effect":"Allow","conditions":[]}],
        "default":{"effect":"Deny"}}}
      """;

  @BeforeAll
  static void setUp() {
    source = Workspaces.createWorkspace(admin, "export");
    tenant = Workspaces.unique("export");
    String providerId =
        Workspaces.clerkProvider(
            source, tenant, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    Workspaces.createPolicy(source, APPROVE);
    Workspaces.createPolicy(source, REPORTS);
    Workspaces.createPolicy(source, OLD);
    created(
        "/api/v1/admin/workspaces/" + source + "/policy-tests",
        "{\"name\":\"manager approves\",\"input\":{\"claims\":{\"sub\":\"u1\",\"org_role\":"
            + "\"manager\"},\"provider\":\""
            + providerId
            + "\"},\"resource\":\"orders\",\"action\":\"approve\","
            + "\"expect\":{\"decision\":\"Allow\",\"policy\":\"orders_approve\"}}");
    created(
        "/api/v1/admin/workspaces/" + source + "/policy-tests",
        "{\"name\":\"member denied\",\"input\":{\"attributes\":{\"ext_role\":\"member\"}},"
            + "\"resource\":\"orders\",\"action\":\"approve\",\"expect\":{\"decision\":\"Deny\"}}");
  }

  private static void created(String path, String json) {
    Http.Reply r = admin.post(path, json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  private static String base(String ws) {
    return "/api/v1/admin/workspaces/" + ws;
  }

  private static Http.Reply export(String ws) {
    Http.Reply r = admin.get(base(ws) + "/export");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }

  private static Http.Reply importJson(String ws, String query, String doc) {
    return admin.post(base(ws) + "/import" + query, doc);
  }

  private static JsonObject imported(Http.Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** A fresh workspace holding the source's document (applied, checked). */
  private static String copyOfSource(String prefix) {
    String ws = Workspaces.createWorkspace(admin, prefix);
    imported(importJson(ws, "?dryRun=false", export(source).body()));
    return ws;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> doc(String json) {
    return (Map<String, Object>) Json.toJava(Json.parse(json));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(Map<String, Object> doc, String kind) {
    return (List<Map<String, Object>>) doc.get(kind);
  }

  private static List<String> strings(JsonArray a) {
    return a.getValuesAs(JsonValue.class).stream()
        .map(v -> ((jakarta.json.JsonString) v).getString())
        .toList();
  }

  private static JsonArray versions(String ws, String kind, String id) {
    Http.Reply r = admin.get(base(ws) + "/" + kind + "/" + id + "/versions");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.list();
  }

  private static String managerToken() {
    return idp.mint(tenant, Map.of("sub", "user_m", "org_role", "manager"));
  }

  @Test
  void exportsTheSameBytesTwiceWithTheProviderNamedByIssuer() {
    Http.Reply one = export(source);
    Http.Reply two = export(source);
    assertThat(one.header("Content-Type")).startsWith("application/json");
    assertThat(two.body()).isEqualTo(one.body());
    assertThat(one.header("ETag")).isEqualTo(two.header("ETag")).startsWith("\"sha256:");
    Map<String, Object> d = doc(one.body());
    assertThat(d.get("gatehouse")).isEqualTo("workspace/v1");
    assertThat(items(d, "policies"))
        .extracting(p -> p.get("name"))
        .containsExactly("orders_approve", "reports_read", "to_remove");
    assertThat(items(d, "providers"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("issuer")).isEqualTo(idp.issuer(tenant)));
    assertThat(items(d, "providers").get(0)).doesNotContainKeys("id", "version", "createdAt");
    Map<?, ?> input = (Map<?, ?>) items(d, "tests").get(0).get("input");
    assertThat(input.get("provider")).isEqualTo(idp.issuer(tenant));
  }

  @Test
  void importsIntoAnEmptyWorkspaceDryRunFirstThenByteForByte() {
    String target = Workspaces.createWorkspace(admin, "import");
    Http.Reply before = export(target);
    String document = export(source).body();

    JsonObject dry = imported(importJson(target, "", document));
    assertThat(dry.getBoolean("dryRun")).isTrue();
    assertThat(dry.getBoolean("applied")).isFalse();
    assertThat(dry.getBoolean("valid")).isTrue();
    // A new workspace has no recorded decisions: nothing to replay.
    assertThat(dry.getJsonObject("impact").getInt("replayed")).isZero();
    JsonObject diff = dry.getJsonObject("diff");
    assertThat(strings(diff.getJsonObject("providers").getJsonArray("added")))
        .containsExactly(idp.issuer(tenant));
    assertThat(strings(diff.getJsonObject("policies").getJsonArray("added")))
        .containsExactly("orders_approve", "reports_read", "to_remove");
    assertThat(strings(diff.getJsonObject("tests").getJsonArray("added")))
        .containsExactly("manager approves", "member denied");
    // The claims case maps its claims through the document's provider, not yet stored.
    assertThat(dry.getJsonObject("tests").getInt("passed")).as(dry.toString()).isEqualTo(2);
    assertThat(dry.getJsonArray("writes")).isEmpty();
    assertThat(export(target).body()).isEqualTo(before.body()); // a dry run writes nothing

    JsonObject applied = imported(importJson(target, "?dryRun=false", document));
    assertThat(applied.getBoolean("applied")).isTrue();
    assertThat(applied.getJsonArray("writes")).hasSize(6);
    for (JsonValue w : applied.getJsonArray("writes")) {
      assertThat(w.asJsonObject().getString("operation")).isEqualTo("create");
      assertThat(w.asJsonObject().getInt("version")).isEqualTo(1);
    }
    Http.Reply after = export(target);
    assertThat(after.body())
        .isEqualTo(
            document.replace("\"name\": \"" + source + "\"", "\"name\": \"" + target + "\""));
    assertThat(after.header("ETag")).isEqualTo("\"" + applied.getString("digest") + "\"");

    // Each write got its version, by the admin user, as any other write.
    String policyId =
        admin.get(base(target) + "/policies").list().getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("name").equals("orders_approve"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    JsonObject v1 = versions(target, "policies", policyId).getJsonObject(0);
    assertThat(v1.getString("operation")).isEqualTo("create");
    assertThat(v1.getString("changedBy")).isEqualTo(server.adminUser());

    // The live registries have it: the imported provider and policy decide a check.
    Checks.assertDecision(
        Checks.decide(target, managerToken(), "orders", "approve", null),
        true,
        "rule_matched",
        "orders_approve",
        "managers");

    // The same document again changes nothing and writes nothing.
    JsonObject again = imported(importJson(target, "?dryRun=false", document));
    assertThat(again.getJsonArray("writes")).isEmpty();
    assertThat(again.getJsonObject("diff").getJsonObject("policies").getInt("unchanged"))
        .isEqualTo(3);
    assertThat(versions(target, "policies", policyId)).hasSize(1);
  }

  @Test
  void dryRunShowsTheExactDiffAndApplyRecordsEachVersion() {
    String ws = copyOfSource("diff");
    Map<String, Object> d = doc(export(ws).body());
    List<Map<String, Object>> policies = new ArrayList<>(items(d, "policies"));
    policies.removeIf(p -> p.get("name").equals("to_remove"));
    Map<String, Object> reports = new LinkedHashMap<>(policies.get(1));
    reports.put("actions", List.of("list", "read"));
    reports.put("description", "everyone lists and reads reports");
    policies.set(1, reports);
    Map<String, Object> added = new LinkedHashMap<>(reports);
    added.put("name", "added_policy");
    added.put("resources", List.of("added"));
    policies.add(added);
    d.put("policies", policies);
    String changed = Json.toJson(d).toString();

    Http.Reply dryReply = importJson(ws, "?dryRun=true", changed);
    JsonObject dry = imported(dryReply).getJsonObject("diff").getJsonObject("policies");
    assertThat(strings(dry.getJsonArray("added"))).containsExactly("added_policy");
    assertThat(strings(dry.getJsonArray("removed"))).isEmpty();
    assertThat(strings(dry.getJsonArray("kept"))).containsExactly("to_remove");
    assertThat(dry.getInt("unchanged")).isEqualTo(1);
    JsonObject change = dry.getJsonArray("changed").getJsonObject(0);
    assertThat(change.getString("name")).isEqualTo("reports_read");
    assertThat(change.getJsonArray("changes").getValuesAs(JsonObject.class))
        .extracting(c -> c.getString("op") + " " + c.getString("path"))
        .containsExactly("replace /description", "replace /actions/0", "add /actions/1");

    JsonObject pruned =
        imported(importJson(ws, "?prune=true", changed))
            .getJsonObject("diff")
            .getJsonObject("policies");
    assertThat(strings(pruned.getJsonArray("removed"))).containsExactly("to_remove");
    assertThat(strings(pruned.getJsonArray("kept"))).isEmpty();

    Http.Reply apply =
        admin
            .header("If-Match", dryReply.header("ETag"))
            .post(base(ws) + "/import?dryRun=false&prune=true", changed);
    JsonObject writes = imported(apply);
    Map<String, String> ops = new LinkedHashMap<>();
    for (JsonObject w : writes.getJsonArray("writes").getValuesAs(JsonObject.class)) {
      ops.put(w.getString("name"), w.getString("operation") + " v" + w.getInt("version"));
    }
    assertThat(ops)
        .containsExactly(
            Map.entry("to_remove", "delete v2"),
            Map.entry("added_policy", "create v1"),
            Map.entry("reports_read", "update v2"));

    String reportsId = idOf(ws, "reports_read");
    JsonObject latest = versions(ws, "policies", reportsId).getJsonObject(0);
    assertThat(latest.getInt("version")).isEqualTo(2);
    assertThat(latest.getString("operation")).isEqualTo("update");
    assertThat(latest.getString("changedBy")).isEqualTo(server.adminUser());
    assertThat(versions(ws, "policies", idOf(ws, "orders_approve"))).hasSize(1); // not rewritten
    assertThat(export(ws).body()).isEqualTo(exportOf(changed, ws));
  }

  @Test
  void aDryRunReplaysTheRecordedDecisionsAgainstTheImportedPolicies() {
    String ws = copyOfSource("impact");
    for (int i = 0; i < 3; i++) {
      Checks.assertDecision(
          Checks.decide(ws, managerToken(), "orders", "approve", null),
          true,
          "rule_matched",
          "orders_approve",
          "managers");
    }
    Checks.assertDecision(
        Checks.decide(ws, managerToken(), "reports", "read", null),
        true,
        "rule_matched",
        "reports_read",
        "all");
    AuditLog.awaitRecords(ws, "", 4);

    // Without orders_approve (pruned), the three approvals would be denied; reading reports not.
    Map<String, Object> d = doc(export(ws).body());
    List<Map<String, Object>> policies = new ArrayList<>(items(d, "policies"));
    policies.removeIf(p -> p.get("name").equals("orders_approve"));
    d.put("policies", policies);
    String without = Json.toJson(d).toString();
    JsonObject impact = imported(importJson(ws, "?prune=true", without)).getJsonObject("impact");
    assertThat(impact.getInt("replayed")).as(impact.toString()).isEqualTo(4);
    assertThat(impact.getJsonObject("flips").getInt("allowToDeny")).isEqualTo(3);
    assertThat(impact.getJsonObject("flips").getInt("denyToAllow")).isZero();
    JsonObject group = impact.getJsonArray("byResourceAction").getJsonObject(0);
    assertThat(group.getString("resource") + "/" + group.getString("action"))
        .isEqualTo("orders/approve");
    assertThat(impact.getBoolean("complete")).isTrue();

    // The window is chosen as for an impact analysis: a bad one is 400, nothing runs or is written.
    assertProblem(importJson(ws, "?prune=true&from=yesterday", without), 400, "validation_failed");
    assertProblem(importJson(ws, "?limit=0", without), 400, "validation_failed");
    JsonObject none =
        imported(
                importJson(
                    ws, "?prune=true&to=2001-01-01T00:00:00Z&from=2000-12-31T00:00:00Z", without))
            .getJsonObject("impact");
    assertThat(none.getInt("replayed")).isZero();

    // An apply answers no impact; the replays wrote nothing (the policy is still there).
    JsonObject applied = imported(importJson(ws, "?dryRun=false", export(ws).body()));
    assertThat(applied.get("impact")).isEqualTo(JsonValue.NULL);
    assertThat(idOf(ws, "orders_approve")).isNotEmpty();
    assertThat(AuditLog.awaitRecords(ws, "", 4)).hasSize(4);
  }

  private static String exportOf(String docJson, String ws) {
    // What the server writes for this document: import it into a scratch workspace and export.
    String scratch = Workspaces.createWorkspace(admin, "scratch");
    imported(importJson(scratch, "?dryRun=false", docJson));
    return export(scratch)
        .body()
        .replace("\"name\": \"" + scratch + "\"", "\"name\": \"" + ws + "\"");
  }

  private static String idOf(String ws, String policy) {
    return admin.get(base(ws) + "/policies").list().getValuesAs(JsonObject.class).stream()
        .filter(p -> p.getString("name").equals(policy))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  @Test
  void aStaleIfMatchIsRefusedAndWritesNothing() {
    String ws = copyOfSource("stale");
    Http.Reply exported = export(ws);
    String etag = exported.header("ETag");
    // Someone changes the workspace after the export.
    Workspaces.createPolicy(ws, OLD.replace("to_remove", "someone_elses"));
    String afterTheirWrite = export(ws).body();

    Http.Reply r =
        admin
            .header("If-Match", etag)
            .post(base(ws) + "/import?dryRun=false&prune=true", exported.body());
    assertProblem(r, 409, "conflict");
    assertThat(export(ws).body()).isEqualTo(afterTheirWrite);
  }

  @Test
  void appliesRacingWithTheSameIfMatchTakeTurnsAndOnlyOneWins() throws Exception {
    String ws = copyOfSource("race");
    Http.Reply exported = export(ws);
    Map<String, Object> d = doc(exported.body());
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    // Each applies a document that adds a policy of its own: without the workspace's lock, two
    // could pass the digest check before either commits, and both would be written.
    List<Http.Reply> replies =
        Concurrently.atOnce(
            4,
            () -> {
              Map<String, Object> mine = new LinkedHashMap<>(d);
              List<Map<String, Object>> policies = new ArrayList<>(items(d, "policies"));
              policies.add(doc(OLD.replace("to_remove", "racer_" + n.incrementAndGet())));
              mine.put("policies", policies);
              return admin
                  .header("If-Match", exported.header("ETag"))
                  .post(base(ws) + "/import?dryRun=false", Json.toJson(mine).toString());
            });
    Concurrently.assertOneWonAndTheRestConflicted(
        replies, 200, detail -> detail.contains("changed since"));
    assertThat(items(doc(export(ws).body()), "policies"))
        .filteredOn(p -> String.valueOf(p.get("name")).startsWith("racer_"))
        .hasSize(1);
  }

  @Test
  void requireTestsRefusesAnImportThatMakesACaseFail() {
    String ws = copyOfSource("reqtests");
    String before = export(ws).body();
    String breaking = before.replace("\"value\": \"manager\"", "\"value\": \"director\"");
    assertThat(breaking).isNotEqualTo(before);

    JsonObject dry = imported(importJson(ws, "", breaking));
    assertThat(dry.getJsonObject("tests").getInt("failed")).isEqualTo(1);

    Http.Reply r = importJson(ws, "?dryRun=false&requireTests=pass", breaking);
    JsonObject p = assertProblem(r, 422, "tests_failed");
    assertThat(p.getJsonArray("failures").getJsonObject(0).getJsonObject("case").getString("name"))
        .isEqualTo("manager approves");
    assertThat(export(ws).body()).isEqualTo(before);
  }

  @Test
  void anImportThatFailsHalfWayLeavesNothingChanged() {
    // The 'partners' workspace has a provider from configuration. A document that adds a provider
    // with that issuer passes validation (the clash is the provider service's rule, checked when
    // it writes), so the import fails after its first writes: a new provider, sorted before it.
    String ws = LibertyServer.PARTNER_WORKSPACE;
    String first = Workspaces.unique("aaa-half");
    Http.Reply before = export(ws);
    JsonObject checkBefore =
        Checks.decide(
            ws, idp.mint(LibertyServer.PARTNER_TENANT, Map.of("sub", "p1")), "x", "y", null);

    Map<String, Object> d = doc(before.body());
    List<Map<String, Object>> providers = new ArrayList<>(items(d, "providers"));
    providers.add(provider("First", idp.issuer(first)));
    providers.add(provider("Clash", idp.issuer(LibertyServer.PARTNER_TENANT)));
    d.put("providers", providers);
    List<Map<String, Object>> policies = new ArrayList<>(items(d, "policies"));
    policies.add(doc(REPORTS.replace("reports_read", "half_way")));
    d.put("policies", policies);
    String document = Json.toJson(d).toString();

    JsonObject dry = imported(importJson(ws, "", document));
    assertThat(strings(dry.getJsonObject("diff").getJsonObject("providers").getJsonArray("added")))
        .containsExactly(idp.issuer(first), idp.issuer(LibertyServer.PARTNER_TENANT));

    Http.Reply r = importJson(ws, "?dryRun=false", document);
    assertProblem(r, 409, "conflict");
    assertThat(r.object().getString("detail")).contains("already registered");

    assertThat(export(ws).body()).isEqualTo(before.body());
    assertThat(export(ws).header("ETag")).isEqualTo(before.header("ETag"));
    // Nothing reached the live registries either: the first provider's tokens are not trusted,
    // and checks decide as before.
    Http.Reply untrusted =
        Checks.checkReply(
            anonymous,
            ws,
            Checks.checkBody(idp.mint(first, Map.of("sub", "u")), "reports", "read", null, null));
    assertProblem(untrusted, 401, "unknown_issuer");
    JsonObject checkAfter =
        Checks.decide(
            ws, idp.mint(LibertyServer.PARTNER_TENANT, Map.of("sub", "p1")), "x", "y", null);
    assertThat(checkAfter.getString("decision")).isEqualTo(checkBefore.getString("decision"));
    assertThat(checkAfter.getString("reason")).isEqualTo(checkBefore.getString("reason"));
  }

  private static Map<String, Object> provider(String name, String issuer) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("providerType", "oidc");
    p.put("issuer", issuer);
    return p;
  }

  @Test
  void roundTripsAsYaml() {
    Http.Reply yaml = admin.get(base(source) + "/export?format=yaml");
    assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
    assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
    assertThat(yaml.body()).startsWith("gatehouse: workspace/v1\n").contains("  - name: ");
    Http.Reply byAccept = admin.header("Accept", "application/yaml").get(base(source) + "/export");
    assertThat(byAccept.body()).isEqualTo(yaml.body());
    assertThat(byAccept.header("ETag")).isEqualTo(export(source).header("ETag"));

    String target = Workspaces.createWorkspace(admin, "yaml");
    Http.Reply r =
        admin.send(
            "POST",
            base(target) + "/import?dryRun=false",
            yaml.body().replace("\n", "\r\n"),
            "application/yaml");
    imported(r);
    Http.Reply back = admin.get(base(target) + "/export?format=yaml");
    assertThat(back.body())
        .isEqualTo(yaml.body().replace("name: " + source + "\n", "name: " + target + "\n"));
    // text/yaml is taken as well.
    Http.Reply text = admin.send("POST", base(target) + "/import", yaml.body(), "text/yaml");
    assertThat(text.status()).as(text.toString()).isEqualTo(200);
  }

  @Test
  void hostileDocumentsAre400WithPointersNeverA500() {
    String ws = Workspaces.createWorkspace(admin, "hostile");
    String before = export(ws).body();
    String bomb =
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    for (String yaml :
        List.of(
            bomb,
            "gatehouse: !!python/object:os.system workspace/v1\n",
            "gatehouse: workspace/v1\ngatehouse: workspace/v1\n",
            "[".repeat(500),
            "gatehouse: workspace/v1\npolicies: [{name: " + "9".repeat(5000) + "}]\n",
            "gatehouse: workspace/v1\n---\ngatehouse: workspace/v1\n")) {
      Http.Reply r =
          admin.send("POST", base(ws) + "/import?dryRun=false", yaml, "application/yaml");
      assertProblem(r, 400, "validation_failed");
    }
    Http.Reply latin1 =
        admin.send(
            "POST",
            base(ws) + "/import",
            "gatehouse: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1),
            "application/yaml");
    assertThat(ProblemAssert.assertProblem(latin1, 400, "validation_failed").getString("detail"))
        .contains("UTF-8");

    // A document with problems in several items: every one, with its pointer into the document.
    String bad =
        """
        {"gatehouse":"workspace/v1",
         "providers":[{"name":"x","providerType":"clerk","issuer":"ftp://nope"}],
         "policies":[
           {"name":"ok","resources":["a"],"actions":["b"],
            "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[]}],
                             "default":{"effect":"Deny"}}},
           {"name":"bad","resources":["a"],"actions":["b"],
            "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[
              {"function":"no_such_function","attribute":"ext_role","value":"x"}]}],
              "default":{"effect":"Deny"}}}],
         "tests":[{"name":"t","input":{},"resource":"a","action":"b","expect":{"decision":"Allow"}}]}
        """;
    assertThat(pointers(importJson(ws, "?dryRun=false", bad)))
        .contains("/providers/0/issuer", "/tests/0/input")
        .anyMatch(p -> p.startsWith("/policies/1/specification/rules/0/conditions/0"));

    assertProblem(importJson(ws, "?dryRun=maybe", "{}"), 400, "validation_failed");
    assertProblem(importJson(ws, "?prune=yes", "{}"), 400, "validation_failed");
    assertProblem(importJson(ws, "?requireTests=always", "{}"), 400, "validation_failed");
    assertProblem(admin.get(base(ws) + "/export?format=xml"), 400, "validation_failed");
    assertProblem(importJson(ws, "", "{\"gatehouse\":1e999999999}"), 400, "validation_failed");
    assertProblem(importJson(ws, "", "not json"), 400, "validation_failed");
    assertProblem(
        admin.send("POST", base(ws) + "/import", "gatehouse: x", "text/plain"),
        415,
        "unsupported_media_type");
    assertProblem(admin.get(base("no-such-ws") + "/export"), 404, "not_found");
    assertProblem(
        importJson("no-such-ws", "", "{\"gatehouse\":\"workspace/v1\"}"), 404, "not_found");
    assertProblem(anonymous.get(base(ws) + "/export"), 401, "unauthorized");
    assertNoLeak(importJson(ws, "", "[]"));
    assertThat(export(ws).body()).isEqualTo(before);
  }
}
