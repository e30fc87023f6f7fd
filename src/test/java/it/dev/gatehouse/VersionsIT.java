package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versions and rollback of policies and providers (docs/api.md#versions-and-rollback,
 * docs/security.md#versions-and-rollback) over real HTTP and a real database.
 */
class VersionsIT extends OnSharedServer {
  static String ws;

  @BeforeAll
  static void start() {
    ws = createWorkspace(admin, "versions");
  }

  static String policies() {
    return "/api/v1/admin/workspaces/" + ws + "/policies";
  }

  static String providers() {
    return "/api/v1/admin/workspaces/" + ws + "/providers";
  }

  static String policy(String name, String resource) {
    return """
        { "name": "%s", "description": "d", "resources": ["%s"], "actions": ["read"],
          "specification": { "rules": [ { "rule_id": "r1", "effect": "Allow", "conditions": [
            { "function": "string_equal", "attribute": "ext_role", "value": "admin" } ] } ],
            "default": { "effect": "Deny" } } }
        """
        .formatted(name, resource);
  }

  static String withVersion(String json, long version) {
    return json.trim().substring(0, json.trim().length() - 1) + ", \"version\": " + version + "}";
  }

  static JsonObject ok(Http.Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r.object();
  }

  static List<Long> versionNumbers(JsonArray list) {
    return list.getValuesAs(JsonObject.class).stream()
        .map(v -> v.getJsonNumber("version").longValue())
        .toList();
  }

  /** Creates a policy and updates it twice; returns its id. */
  static String policyWithThreeVersions(String name) {
    String id =
        ok(admin.post(policies(), policy(name, "docs")), 201).getJsonObject("data").getString("id");
    ok(admin.put(policies() + "/" + id, withVersion(policy(name, "orders"), 1)), 200);
    ok(admin.put(policies() + "/" + id, withVersion(policy(name, "invoices"), 2)), 200);
    return id;
  }

  @Test
  void listsEveryWriteOfAPolicyNewestFirstWithTheAdminUserWhoMadeIt() {
    String id = policyWithThreeVersions("listed");
    JsonObject page = ok(admin.get(policies() + "/" + id + "/versions"), 200);
    JsonArray data = page.getJsonArray("data");
    assertThat(versionNumbers(data)).containsExactly(3L, 2L, 1L);
    assertThat(data.getValuesAs(JsonObject.class).stream().map(v -> v.getString("operation")))
        .containsExactly("update", "update", "create");
    for (JsonObject v : data.getValuesAs(JsonObject.class)) {
      assertThat(v.getString("changedBy")).isEqualTo(server.adminUser());
      assertThat(v.getString("changedAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(v.containsKey("content")).isFalse();
    }
    assertThat(page.isNull("nextCursor")).isTrue();
    String one = admin.get(policies() + "/" + id + "/versions/1").body();
    assertThat(page.toString() + one).doesNotContain(server.adminPassword());
  }

  @Test
  void pagesTheVersionListWithACursor() {
    String id = policyWithThreeVersions("paged");
    JsonObject first = ok(admin.get(policies() + "/" + id + "/versions?limit=2"), 200);
    assertThat(versionNumbers(first.getJsonArray("data"))).containsExactly(3L, 2L);
    String cursor = first.getString("nextCursor");
    JsonObject second =
        ok(admin.get(policies() + "/" + id + "/versions?limit=2&cursor=" + cursor), 200);
    assertThat(versionNumbers(second.getJsonArray("data"))).containsExactly(1L);
    assertThat(second.isNull("nextCursor")).isTrue();
  }

  @Test
  void readsOneVersionWithItsFullContent() {
    String id = policyWithThreeVersions("one");
    JsonObject v = ok(admin.get(policies() + "/" + id + "/versions/2"), 200).getJsonObject("data");
    assertThat(v.getJsonNumber("version").longValue()).isEqualTo(2);
    assertThat(v.getString("operation")).isEqualTo("update");
    JsonObject content = v.getJsonObject("content");
    assertThat(content.getString("name")).isEqualTo("one");
    assertThat(content.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactly("orders");
    assertThat(content.getJsonObject("specification").getJsonArray("rules")).hasSize(1);
    assertThat(content.containsKey("version")).isFalse();
  }

  @Test
  void diffsTwoVersionsAsJsonPointerChanges() {
    String id = policyWithThreeVersions("diffed");
    JsonObject d =
        ok(admin.get(policies() + "/" + id + "/versions/1/diff?to=3"), 200).getJsonObject("data");
    assertThat(d.getJsonNumber("from").longValue()).isEqualTo(1);
    assertThat(d.getJsonNumber("to").longValue()).isEqualTo(3);
    JsonArray changes = d.getJsonArray("changes");
    assertThat(changes).hasSize(1);
    JsonObject c = changes.getJsonObject(0);
    assertThat(c.getString("op")).isEqualTo("replace");
    assertThat(c.getString("path")).isEqualTo("/resources/0");
    assertThat(c.getString("from")).isEqualTo("docs");
    assertThat(c.getString("to")).isEqualTo("invoices");
    JsonObject same =
        ok(admin.get(policies() + "/" + id + "/versions/2/diff?to=2"), 200).getJsonObject("data");
    assertThat(same.getJsonArray("changes")).isEmpty();
  }

  @Test
  void rollsBackToAnOldContentAsANewVersion() {
    String id = policyWithThreeVersions("rolled");
    Http.Reply r = admin.post(policies() + "/" + id + "/versions/1/rollback", "{\"version\":3}");
    JsonObject data = ok(r, 200).getJsonObject("data");
    assertThat(data.getJsonNumber("version").longValue()).isEqualTo(4);
    assertThat(r.header("ETag")).isEqualTo("\"4\"");
    assertThat(data.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactly("docs");
    JsonObject got = ok(admin.get(policies() + "/" + id), 200).getJsonObject("data");
    assertThat(got.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactly("docs");
    JsonObject v4 =
        ok(admin.get(policies() + "/" + id + "/versions"), 200)
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(v4.getJsonNumber("version").longValue()).isEqualTo(4);
    assertThat(v4.getString("operation")).isEqualTo("rollback");
    assertThat(v4.getString("changedBy")).isEqualTo(server.adminUser());
    JsonObject d =
        ok(admin.get(policies() + "/" + id + "/versions/1/diff?to=4"), 200).getJsonObject("data");
    assertThat(d.getJsonArray("changes")).isEmpty();
  }

  @Test
  void rollsBackWithoutABodyOrWithIfMatch() {
    String id = policyWithThreeVersions("bodiless");
    ok(
        admin.send("POST", policies() + "/" + id + "/versions/1/rollback", "", "application/json"),
        200);
    Http.Reply r =
        admin
            .header("If-Match", "\"4\"")
            .send("POST", policies() + "/" + id + "/versions/2/rollback", "", "application/json");
    assertThat(ok(r, 200).getJsonObject("data").getJsonNumber("version").longValue()).isEqualTo(5);
  }

  @Test
  void refusesAStaleRollbackWith409AndChangesNothing() {
    String id = policyWithThreeVersions("stale");
    assertProblem(
        admin.post(policies() + "/" + id + "/versions/1/rollback", "{\"version\":2}"),
        409,
        "conflict");
    assertProblem(
        admin
            .header("If-Match", "\"1\"")
            .send("POST", policies() + "/" + id + "/versions/1/rollback", "", "application/json"),
        409,
        "conflict");
    JsonObject got = ok(admin.get(policies() + "/" + id), 200).getJsonObject("data");
    assertThat(got.getJsonNumber("version").longValue()).isEqualTo(3);
    assertThat(
            versionNumbers(
                ok(admin.get(policies() + "/" + id + "/versions"), 200).getJsonArray("data")))
        .containsExactly(3L, 2L, 1L);
  }

  @Test
  void answers404ForAnUnknownItemOrVersion() {
    String id = policyWithThreeVersions("unknown");
    assertProblem(admin.get(policies() + "/" + id + "/versions/9"), 404, "not_found");
    assertProblem(admin.get(policies() + "/" + id + "/versions/0"), 404, "not_found");
    assertProblem(admin.get(policies() + "/" + id + "/versions/1/diff?to=9"), 404, "not_found");
    assertProblem(
        admin.post(policies() + "/" + id + "/versions/9/rollback", "{}"), 404, "not_found");
    String missing = "0190a0a0-0000-7000-8000-000000000000";
    assertProblem(admin.get(policies() + "/" + missing + "/versions"), 404, "not_found");
    assertProblem(admin.get(policies() + "/" + missing + "/versions/1"), 404, "not_found");
  }

  @Test
  void hostileVersionNumbersAndQueriesAre400Or404NeverA500() {
    String id = policyWithThreeVersions("hostile");
    String base = policies() + "/" + id + "/versions/";
    for (String n :
        List.of(
            "99999999999999999999999999",
            "-1",
            "1e3",
            "abc",
            "%2e%2e",
            "..%2f..%2f",
            "%00",
            "1%20",
            "x".repeat(3000))) {
      Http.Reply r = admin.get(base + n);
      assertThat(r.status()).as(n + " → " + r).isIn(400, 404);
      assertNoLeak(r);
      Http.Reply rb = admin.post(base + n + "/rollback", "{}");
      assertThat(rb.status()).as(n + " → " + rb).isIn(400, 404);
    }
    // An id longer than any id (Derby refuses a longer parameter than its column) finds nothing.
    for (String longId : List.of("x".repeat(37), "y".repeat(3000))) {
      String other = policies() + "/" + longId + "/versions";
      for (Http.Reply r :
          List.of(
              admin.get(other),
              admin.get(other + "/1"),
              admin.get(other + "/1/diff?to=2"),
              admin.post(other + "/1/rollback", "{}"))) {
        assertThat(r.status()).as(longId.length() + " → " + r).isIn(400, 404);
        assertNoLeak(r);
      }
    }
    for (String to : List.of("", "abc", "-1", "99999999999999999999999", "1.0")) {
      assertProblem(admin.get(base + "1/diff?to=" + to), 400, "validation_failed");
    }
    assertProblem(
        admin.get(base.substring(0, base.length() - 1) + "?limit=0"), 400, "validation_failed");
    assertProblem(
        admin.get(base.substring(0, base.length() - 1) + "?cursor=Zm9v"), 400, "validation_failed");
    assertProblem(admin.post(base + "1/rollback", "{\"version\":\"x\"}"), 400, "validation_failed");
    assertProblem(admin.post(base + "1/rollback", "{\"other\":1}"), 400, "validation_failed");
    assertProblem(admin.post(base + "1/rollback", "{"), 400, "validation_failed");
    assertThat(admin.send("POST", base + "1/rollback", "{}", "text/plain").status()).isEqualTo(415);
  }

  @Test
  void deletingAPolicyKeepsItsHistoryAndRefusesRollingItBack() {
    String id = policyWithThreeVersions("deleted");
    assertThat(admin.delete(policies() + "/" + id).status()).isEqualTo(204);
    JsonArray data = ok(admin.get(policies() + "/" + id + "/versions"), 200).getJsonArray("data");
    assertThat(versionNumbers(data)).containsExactly(4L, 3L, 2L, 1L);
    assertThat(data.getJsonObject(0).getString("operation")).isEqualTo("delete");
    JsonObject last =
        ok(admin.get(policies() + "/" + id + "/versions/4"), 200)
            .getJsonObject("data")
            .getJsonObject("content");
    assertThat(last.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactly("invoices");
    assertProblem(
        admin.post(policies() + "/" + id + "/versions/1/rollback", "{}"), 409, "conflict");
    assertProblem(admin.get(policies() + "/" + id), 404, "not_found");
  }

  @Test
  void aWriteThroughTheConsoleSessionRecordsTheSignedInUser() {
    Http.Reply s =
        anonymous.post(
            "/api/v1/console/session",
            jakarta.json.Json.createObjectBuilder()
                .add("user", server.adminUser())
                .add("password", server.adminPassword())
                .build()
                .toString());
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    String setCookie = s.header("Set-Cookie");
    String cookie = setCookie.substring("gatehouse_console=".length(), setCookie.indexOf(';'));
    Http console =
        anonymous
            .header("Cookie", "gatehouse_console=" + cookie)
            .header("X-Gatehouse-Csrf", s.data().getString("csrfToken"));
    String id =
        ok(console.post(policies(), policy("console", "docs")), 201)
            .getJsonObject("data")
            .getString("id");
    ok(console.post(policies() + "/" + id + "/versions/1/rollback", "{\"version\":1}"), 200);
    JsonArray data = ok(console.get(policies() + "/" + id + "/versions"), 200).getJsonArray("data");
    assertThat(versionNumbers(data)).containsExactly(2L, 1L);
    for (JsonObject v : data.getValuesAs(JsonObject.class)) {
      assertThat(v.getString("changedBy")).isEqualTo(server.adminUser());
    }
  }

  @Test
  void versionsNeedAdminCredentials() {
    String id = policyWithThreeVersions("guarded");
    assertProblem(anonymous.get(policies() + "/" + id + "/versions"), 401, "unauthorized");
    assertProblem(
        anonymous.post(policies() + "/" + id + "/versions/1/rollback", "{}"), 401, "unauthorized");
    assertProblem(
        admin
            .basic(server.adminUser(), "wrong-password")
            .get(policies() + "/" + id + "/versions/1"),
        401,
        "unauthorized");
  }

  @Test
  void aProviderFromConfigurationHasNoVersionsAndCannotBeRolledBack() {
    String cfg = "/api/v1/admin/workspaces/default/providers/cfg-mp-jwt";
    JsonObject page = ok(admin.get(cfg + "/versions"), 200);
    assertThat(page.getJsonArray("data")).isEmpty();
    assertThat(page.isNull("nextCursor")).isTrue();
    assertProblem(admin.get(cfg + "/versions/1"), 404, "not_found");
    assertProblem(admin.get(cfg + "/versions/1/diff?to=1"), 404, "not_found");
    assertProblem(admin.post(cfg + "/versions/1/rollback", "{}"), 403, "forbidden");
  }

  @Test
  void theDemoSeedsFirstVersionsNameTheDemoAsTheirWriter() {
    String demo = "/api/v1/admin/workspaces/demo/policies";
    JsonObject first = ok(admin.get(demo), 200).getJsonArray("data").getJsonObject(0);
    JsonArray versions =
        ok(admin.get(demo + "/" + first.getString("id") + "/versions"), 200).getJsonArray("data");
    JsonObject created = versions.getJsonObject(versions.size() - 1);
    assertThat(created.getJsonNumber("version").longValue()).isEqualTo(1);
    assertThat(created.getString("operation")).isEqualTo("create");
    assertThat(created.getString("changedBy")).isEqualTo("gatehouse-demo");
  }

  static String provider(String tenant, int skew) {
    return """
        { "name": "Versioned %s", "providerType": "clerk", "issuer": "%s",
          "clockSkewSeconds": %d, "allowedAudiences": ["app"],
          "claimMappings": [ { "jwtPath": "metadata.plan", "attribute": "plan",
                               "defaultValue": "free" } ] }
        """
        .formatted(tenant, idp.issuer(tenant), skew);
  }

  @Test
  void anItemStoredBeforeVersionsWereKeptGetsItsOldContentAsABaselineAtItsFirstWrite()
      throws Exception {
    String policyId =
        ok(admin.post(policies(), policy("pre-history", "docs")), 201)
            .getJsonObject("data")
            .getString("id");
    String tenant = Workspaces.unique("vbase");
    String providerId =
        ok(admin.post(providers(), provider(tenant, 5)), 201).getJsonObject("data").getString("id");
    // What an older Gatehouse left: the items, without any kept version.
    server.stopNow();
    server.onStoppedDatabase(
        c -> {
          try (java.sql.PreparedStatement d =
              c.prepareStatement("DELETE FROM gh_item_version WHERE item_id IN (?, ?)")) {
            d.setString(1, policyId);
            d.setString(2, providerId);
            assertThat(d.executeUpdate()).isEqualTo(2);
          }
        });
    server.restart();
    assertThat(ok(admin.get(policies() + "/" + policyId + "/versions"), 200).getJsonArray("data"))
        .isEmpty();

    ok(
        admin.put(policies() + "/" + policyId, withVersion(policy("pre-history", "orders"), 1)),
        200);
    ok(admin.put(providers() + "/" + providerId, withVersion(provider(tenant, 30), 1)), 200);
    for (String item : List.of(policies() + "/" + policyId, providers() + "/" + providerId)) {
      JsonArray data = ok(admin.get(item + "/versions"), 200).getJsonArray("data");
      assertThat(versionNumbers(data)).as(item).containsExactly(2L, 1L);
      assertThat(data.getJsonObject(1).getString("operation")).isEqualTo("baseline");
      assertThat(data.getJsonObject(1).getString("changedBy")).isEqualTo("unknown");
      assertThat(data.getJsonObject(0).getString("operation")).isEqualTo("update");
    }
    // The old content can be had back.
    ok(admin.post(policies() + "/" + policyId + "/versions/1/rollback", "{}"), 200);
    assertThat(
            ok(admin.get(policies() + "/" + policyId), 200)
                .getJsonObject("data")
                .getJsonArray("resources")
                .getString(0))
        .isEqualTo("docs");
  }

  @Test
  void keepsAndRollsBackProviderVersions() {
    String tenant = Workspaces.unique("vprov");
    String id =
        ok(admin.post(providers(), provider(tenant, 5)), 201).getJsonObject("data").getString("id");
    ok(admin.put(providers() + "/" + id, withVersion(provider(tenant, 30), 1)), 200);
    JsonArray data = ok(admin.get(providers() + "/" + id + "/versions"), 200).getJsonArray("data");
    assertThat(versionNumbers(data)).containsExactly(2L, 1L);
    assertThat(data.getJsonObject(0).getString("changedBy")).isEqualTo(server.adminUser());
    JsonObject content =
        ok(admin.get(providers() + "/" + id + "/versions/1"), 200)
            .getJsonObject("data")
            .getJsonObject("content");
    assertThat(content.getInt("clockSkewSeconds")).isEqualTo(5);
    assertThat(content.getJsonArray("claimMappings").getJsonObject(0).getString("defaultValue"))
        .isEqualTo("free");
    JsonArray changes =
        ok(admin.get(providers() + "/" + id + "/versions/1/diff?to=2"), 200)
            .getJsonObject("data")
            .getJsonArray("changes");
    assertThat(changes).hasSize(1);
    assertThat(changes.getJsonObject(0).getString("path")).isEqualTo("/clockSkewSeconds");
    assertThat(changes.getJsonObject(0).getInt("from")).isEqualTo(5);
    assertThat(changes.getJsonObject(0).getInt("to")).isEqualTo(30);

    Http.Reply rolled =
        admin.post(providers() + "/" + id + "/versions/1/rollback", "{\"version\":2}");
    JsonObject p = ok(rolled, 200).getJsonObject("data");
    assertThat(p.getInt("clockSkewSeconds")).isEqualTo(5);
    assertThat(p.getJsonNumber("version").longValue()).isEqualTo(3);
    assertThat(
            ok(admin.get(providers() + "/" + id + "/versions"), 200)
                .getJsonArray("data")
                .getJsonObject(0)
                .getString("operation"))
        .isEqualTo("rollback");
    assertProblem(
        admin.post(providers() + "/" + id + "/versions/1/rollback", "{\"version\":2}"),
        409,
        "conflict");

    assertThat(admin.delete(providers() + "/" + id).status()).isEqualTo(204);
    JsonArray after = ok(admin.get(providers() + "/" + id + "/versions"), 200).getJsonArray("data");
    assertThat(versionNumbers(after)).containsExactly(4L, 3L, 2L, 1L);
    assertThat(after.getJsonObject(0).getString("operation")).isEqualTo("delete");
  }

  @Test
  void anUnchangedNumberSurvivesTheRoundTripThroughHistory() {
    // A number past 2^53 stays exactly as written in the stored content.
    String json =
        """
        { "name": "numbers", "resources": ["n"], "actions": ["a"],
          "specification": { "rules": [ { "rule_id": "big", "effect": "Allow", "conditions": [
            { "function": "integer_equal", "attribute": "request_metadata", "metadata_key": "k",
              "value": 9007199254740993 } ] } ] } }
        """;
    String id = ok(admin.post(policies(), json), 201).getJsonObject("data").getString("id");
    JsonValue value =
        ok(admin.get(policies() + "/" + id + "/versions/1"), 200)
            .getJsonObject("data")
            .getJsonObject("content")
            .getJsonObject("specification")
            .getJsonArray("rules")
            .getJsonObject(0)
            .getJsonArray("conditions")
            .getJsonObject(0)
            .get("value");
    assertThat(value.toString()).isEqualTo("9007199254740993");
  }
}
