package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The admin change log, who changed what (docs/api.md#change-log, docs/security.md#admin-sign-in),
 * over real HTTP and a real database: each kind of admin write leaves exactly its entry, with the
 * admin user, the client address and the versions; a failed write leaves none; failed sign-ins are
 * recorded aggregated and without their password; filters and paging; hostile parameters are 400.
 */
class ChangeLogIT extends OnSharedServer {
  static final String CHANGES = "/api/v1/admin/changes";

  /** Forwarded client addresses no other test uses (TEST-NET-3), believed from loopback. */
  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  static String ownAddress() {
    int n = ADDRESSES.getAndIncrement();
    return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Every entry that matches {@code query}, newest first, walking the pages. */
  static List<JsonObject> entries(String path, String query) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < 100; i++) {
      Http.Reply r = admin.get(path + "?" + query + (cursor == null ? "" : "&cursor=" + q(cursor)));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      out.addAll(r.list().getValuesAs(JsonObject.class));
      if (r.object().isNull("nextCursor")) {
        return out;
      }
      cursor = r.object().getString("nextCursor");
    }
    throw new AssertionError("more than 100 pages");
  }

  static List<JsonObject> ofItem(String id) {
    return entries(CHANGES, "item=" + id);
  }

  static List<String> ops(List<JsonObject> entries) {
    return entries.stream().map(e -> e.getString("kind") + ":" + e.getString("operation")).toList();
  }

  static Long number(JsonObject e, String name) {
    return e.isNull(name) ? null : e.getJsonNumber(name).longValue();
  }

  /** One entry: who, from where, which workspace and item, which versions. */
  static void assertEntry(
      JsonObject e,
      String kind,
      String operation,
      String wsName,
      String itemId,
      Long from,
      Long to) {
    assertThat(e.getString("kind")).as("%s", e).isEqualTo(kind);
    assertThat(e.getString("operation")).as("%s", e).isEqualTo(operation);
    assertThat(e.getString("by")).as("%s", e).isEqualTo(server.adminUser());
    assertThat(e.getString("clientAddress")).as("%s", e).isEqualTo("127.0.0.1");
    assertThat(e.getJsonObject("workspace").getString("name")).as("%s", e).isEqualTo(wsName);
    assertThat(e.getJsonObject("item").getString("id")).as("%s", e).isEqualTo(itemId);
    assertThat(number(e, "fromVersion")).as("fromVersion of %s", e).isEqualTo(from);
    assertThat(number(e, "toVersion")).as("toVersion of %s", e).isEqualTo(to);
    assertThat(e.getInt("attempts")).isEqualTo(1);
    assertThat(Instant.parse(e.getString("at"))).isBefore(Instant.now().plusSeconds(5));
  }

  static String policy(String name, String resource) {
    return """
        { "name": "%s", "resources": ["%s"], "actions": ["read"],
          "specification": { "rules": [ { "rule_id": "r1", "effect": "Allow", "conditions": [
            { "function": "string_equal", "attribute": "ext_role", "value": "admin" } ] } ],
            "default": { "effect": "Deny" } } }
        """
        .formatted(name, resource);
  }

  static String provider(String tenant, int skew) {
    return """
        { "name": "Clerk %s", "providerType": "clerk", "issuer": "%s", "clockSkewSeconds": %d }
        """
        .formatted(tenant, idp.issuer(tenant), skew);
  }

  static String withVersion(String json, long version) {
    return "{\"version\":" + version + "," + json.strip().substring(1);
  }

  static String id(Http.Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r.data().getString("id");
  }

  @Test
  void recordsCreateRenameAndDeleteOfAWorkspaceAndKeepsThemAfterTheDelete() {
    String name = unique("chg");
    String id = id(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}"), 201);
    String renamed = unique("chg-renamed");
    Http.Reply put =
        admin.put(
            "/api/v1/admin/workspaces/" + name, "{\"name\":\"" + renamed + "\",\"version\":1}");
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(admin.delete("/api/v1/admin/workspaces/" + renamed).status()).isEqualTo(204);

    List<JsonObject> log = ofItem(id);
    assertThat(ops(log))
        .containsExactly("workspace:delete", "workspace:rename", "workspace:create");
    assertEntry(log.get(2), "workspace", "create", name, id, null, 1L);
    assertEntry(log.get(1), "workspace", "rename", renamed, id, 1L, 2L);
    assertThat(log.get(1).getString("detail")).contains(name);
    assertEntry(log.get(0), "workspace", "delete", renamed, id, 2L, null);
    // The log outlives the workspace: by its id, by its last name, and by its first name.
    assertThat(entries(CHANGES, "workspace=" + id)).hasSize(3);
    assertThat(entries(CHANGES, "workspace=" + renamed)).hasSize(2);
    assertThat(entries(CHANGES, "workspace=" + name)).hasSize(1);
    assertProblem(admin.get("/api/v1/admin/workspaces/" + renamed + "/changes"), 404, "not_found");
  }

  @Test
  void recordsEveryPolicyWriteWithItsVersionsButNotItsContent() {
    String ws = createWorkspace(admin, "chg-pol");
    String policies = "/api/v1/admin/workspaces/" + ws + "/policies";
    String id = id(admin.post(policies, policy("chg-secretive", "docs")), 201);
    assertThat(
            admin
                .put(policies + "/" + id, withVersion(policy("chg-secretive", "orders"), 1))
                .status())
        .isEqualTo(200);
    assertThat(admin.post(policies + "/" + id + "/versions/1/rollback", "{}").status())
        .isEqualTo(200);
    assertThat(admin.delete(policies + "/" + id).status()).isEqualTo(204);

    List<JsonObject> log = ofItem(id);
    assertThat(ops(log))
        .containsExactly("policy:delete", "policy:rollback", "policy:update", "policy:create");
    assertEntry(log.get(3), "policy", "create", ws, id, null, 1L);
    assertEntry(log.get(2), "policy", "update", ws, id, 1L, 2L);
    assertEntry(log.get(1), "policy", "rollback", ws, id, 2L, 3L);
    assertEntry(log.get(0), "policy", "delete", ws, id, 3L, 4L);
    assertThat(log.get(0).getJsonObject("item").getString("name")).isEqualTo("chg-secretive");
    // The log points at versions; the content stays in them.
    assertThat(log.toString()).doesNotContain("string_equal").doesNotContain("orders");
    // Each entry's versions are the ones the policy's history keeps.
    assertThat(admin.get(policies + "/" + id + "/versions/4").data().getString("operation"))
        .isEqualTo("delete");
    // The same entries on the workspace's own path.
    assertThat(ops(entries("/api/v1/admin/workspaces/" + ws + "/changes", "item=" + id)))
        .isEqualTo(ops(log));
  }

  @Test
  void recordsEveryProviderWriteAndEachKeyRefreshWithItsOutcomeButNoKeyOrAddress() {
    String ws = createWorkspace(admin, "chg-prov");
    String tenant = unique("chgprov");
    String providers = "/api/v1/admin/workspaces/" + ws + "/providers";
    String id = id(admin.post(providers, provider(tenant, 5)), 201);
    assertThat(admin.put(providers + "/" + id, withVersion(provider(tenant, 30), 1)).status())
        .isEqualTo(200);
    assertThat(admin.post(providers + "/" + id + "/versions/1/rollback", "{}").status())
        .isEqualTo(200);
    assertThat(admin.post(providers + "/" + id + "/keys", "").status()).isEqualTo(200);
    idp.setDown(tenant, true);
    try {
      assertThat(admin.post(providers + "/" + id + "/keys", "").data().getString("state"))
          .isEqualTo("failing");
    } finally {
      idp.setDown(tenant, false);
    }
    assertThat(admin.delete(providers + "/" + id).status()).isEqualTo(204);

    List<JsonObject> log = ofItem(id);
    assertThat(ops(log))
        .containsExactly(
            "provider:delete",
            "keys:refresh",
            "keys:refresh",
            "provider:rollback",
            "provider:update",
            "provider:create");
    assertEntry(log.get(5), "provider", "create", ws, id, null, 1L);
    assertEntry(log.get(4), "provider", "update", ws, id, 1L, 2L);
    assertEntry(log.get(3), "provider", "rollback", ws, id, 2L, 3L);
    assertEntry(log.get(2), "keys", "refresh", ws, id, null, null);
    assertThat(log.get(2).getString("detail")).isEqualTo("keys fetched: 1 key(s)");
    assertEntry(log.get(1), "keys", "refresh", ws, id, null, null);
    assertThat(log.get(1).getString("detail")).startsWith("fetch failed (jwks_unavailable)");
    assertEntry(log.get(0), "provider", "delete", ws, id, 3L, 4L);
    // Never a key, never the provider's addresses.
    String all = log.toString();
    assertThat(all)
        .doesNotContain(idp.jwksUri(tenant))
        .doesNotContain(idp.issuer(tenant))
        .doesNotContain(idp.key(tenant).getModulus().toString())
        .doesNotContain("http");
  }

  @Test
  void recordsPolicyTestCaseWritesAndTheConsolesWritesAsItsUser() {
    String ws = createWorkspace(admin, "chg-pt");
    String cases = "/api/v1/admin/workspaces/" + ws + "/policy-tests";
    String kase =
        """
        {"name":"chg case","input":{"attributes":{"ext_role":"admin"}},"resource":"docs",
         "action":"read","expect":{"decision":"Deny"}}
        """;
    String id = id(admin.post(cases, kase), 201);
    assertThat(
            admin
                .put(cases + "/" + id, withVersion(kase.replace("chg case", "chg case 2"), 1))
                .status())
        .isEqualTo(200);
    assertThat(admin.delete(cases + "/" + id).status()).isEqualTo(204);
    List<JsonObject> log = ofItem(id);
    assertThat(ops(log))
        .containsExactly("policy_test:delete", "policy_test:update", "policy_test:create");
    assertEntry(log.get(2), "policy_test", "create", ws, id, null, 1L);
    assertEntry(log.get(1), "policy_test", "update", ws, id, 1L, 2L);
    assertEntry(log.get(0), "policy_test", "delete", ws, id, 2L, null);

    // The console's cookie and CSRF token stand for the same admin user.
    ConsoleSessionIT.Console console = ConsoleSessionIT.signIn();
    String name = unique("chg-console");
    String wsId =
        id(console.client().post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}"), 201);
    assertEntry(ofItem(wsId).get(0), "workspace", "create", name, wsId, null, 1L);
  }

  @Test
  void aWriteTheServerMadeItselfAtStartIsRecordedAsSystemFromNoAddress() {
    // The workspace of the provider from configuration (gatehouse.providers.partner-idp.*) is
    // created at start, outside any request.
    List<JsonObject> created =
        entries(CHANGES, "workspace=" + LibertyServer.PARTNER_WORKSPACE).stream()
            .filter(e -> e.getString("kind").equals("workspace"))
            .filter(e -> e.getString("operation").equals("create"))
            .toList();
    assertThat(created).hasSize(1);
    assertThat(created.get(0).getString("by")).isEqualTo("system");
    assertThat(created.get(0).getString("clientAddress")).isEqualTo("local");
    assertThat(created.get(0).getJsonObject("workspace").getString("name"))
        .isEqualTo(LibertyServer.PARTNER_WORKSPACE);
  }

  @Test
  void aFailedWriteRecordsNothing() {
    String ws = createWorkspace(admin, "chg-fail");
    String policies = "/api/v1/admin/workspaces/" + ws + "/policies";
    String id = id(admin.post(policies, policy("chg-fail", "docs")), 201);
    int before = entries(CHANGES, "workspace=" + ws).size();
    // 409: a stale version; 409: a name taken; 400: an invalid body; 422: a failing test case.
    assertProblem(
        admin.put(policies + "/" + id, withVersion(policy("chg-fail", "x"), 7)), 409, "conflict");
    assertProblem(admin.post(policies, policy("chg-fail", "docs")), 409, "conflict");
    assertProblem(admin.post(policies, "{\"name\":\"\"}"), 400, "validation_failed");
    assertThat(
            admin
                .post(
                    "/api/v1/admin/workspaces/" + ws + "/policy-tests",
                    """
                    {"name":"must allow","input":{"attributes":{"ext_role":"admin"}},
                     "resource":"docs","action":"read","expect":{"decision":"Allow"}}
                    """)
                .status())
        .isEqualTo(201);
    int withCase = entries(CHANGES, "workspace=" + ws).size();
    assertThat(withCase).isEqualTo(before + 1);
    assertProblem(
        admin.put(
            policies + "/" + id + "?requireTests=pass",
            withVersion(policy("chg-fail", "other"), 1)),
        422,
        "tests_failed");
    assertProblem(
        admin.put("/api/v1/admin/workspaces/" + ws, "{\"name\":\"default\",\"version\":1}"),
        409,
        "conflict");
    assertThat(entries(CHANGES, "workspace=" + ws)).hasSize(withCase);
    assertThat(ofItem(id)).hasSize(1);
  }

  @Test
  void aFailedSignInIsRecordedWithItsAddressAndUserButNeverItsPassword() {
    String address = ownAddress();
    String user = "chg-intruder-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "Pw-" + UUID.randomUUID();
    Http.Reply refused =
        anonymous.header("X-Forwarded-For", address).basic(user, password).get(CHANGES);
    assertThat(refused.status()).isEqualTo(401);
    // A console sign-in with a wrong password counts too.
    Http.Reply console =
        anonymous
            .header("X-Forwarded-For", address)
            .post(ConsoleSessionIT.SESSION, ConsoleSessionIT.credentials(user, password + "x"));
    assertThat(console.status()).isEqualTo(401);

    Http.Reply r = admin.get(CHANGES + "?limit=500");
    assertThat(r.body()).doesNotContain(password);
    List<JsonObject> mine =
        r.list().getValuesAs(JsonObject.class).stream()
            .filter(e -> e.getString("clientAddress").equals(address))
            .toList();
    assertThat(mine).hasSizeBetween(1, 2); // one per minute
    JsonObject e = mine.get(0);
    assertThat(e.getString("kind")).isEqualTo("sign_in");
    assertThat(e.getString("operation")).isEqualTo("sign_in_failed");
    assertThat(e.getString("by")).isEqualTo(user);
    assertThat(e.isNull("workspace")).isTrue();
    assertThat(e.isNull("item")).isTrue();
    assertThat(mine.stream().mapToLong(x -> x.getJsonNumber("attempts").longValue()).sum())
        .isEqualTo(2);
  }

  @Test
  void aBurstOfFailedSignInsWritesABoundedNumberOfEntries() throws Exception {
    // Inside one minute (the unit of aggregation), with room to spare.
    while (Instant.now().atZone(ZoneOffset.UTC).getSecond() > 35) {
      Thread.sleep(500);
    }
    String address = ownAddress();
    String user = "chg-burst\r\nX-Injected: 1";
    for (int i = 0; i < 200; i++) {
      Http.Reply r =
          anonymous.header("X-Forwarded-For", address).basic(user, "wrong-" + i).get(CHANGES);
      assertThat(r.status()).isIn(401, 429);
    }
    // More addresses than the per-minute cap of 20, one failure each.
    Set<String> spread = new HashSet<>();
    long minuteBefore = Instant.now().getEpochSecond() / 60;
    for (int i = 0; i < 24; i++) {
      String a = ownAddress();
      spread.add(a);
      assertThat(
              anonymous.header("X-Forwarded-For", a).basic("chg-spread", "x").get(CHANGES).status())
          .isIn(401, 429);
    }
    long minutes = Instant.now().getEpochSecond() / 60 - minuteBefore + 1;
    Http.Reply r = admin.get(CHANGES + "?limit=500");
    List<JsonObject> all = r.list().getValuesAs(JsonObject.class);
    List<JsonObject> burst =
        all.stream().filter(e -> e.getString("clientAddress").equals(address)).toList();
    // One entry a minute for the whole burst (two when the machine was slow past a minute).
    assertThat(burst).hasSizeBetween(1, 2);
    assertThat(burst.stream().mapToLong(e -> e.getJsonNumber("attempts").longValue()).sum())
        .isEqualTo(200);
    assertThat(burst.get(0).getString("detail")).contains("throttled (429)");
    // The user name tried is kept escaped: no line break reaches the log.
    assertThat(burst.get(0).getString("by")).doesNotContain("\r").doesNotContain("\n");
    long ownRows = all.stream().filter(e -> spread.contains(e.getString("clientAddress"))).count();
    // At most 20 addresses a minute have an entry of their own; the rest share one.
    assertThat(ownRows).as("entries of addresses of their own").isLessThanOrEqualTo(20 * minutes);
    if (minutes == 1) {
      assertThat(ownRows).isLessThan(spread.size());
    }
    assertThat(all.stream().anyMatch(e -> e.getString("clientAddress").equals("(other addresses)")))
        .isTrue();
  }

  @Test
  void filtersByTimeAndPagesNewestFirst() {
    String ws = createWorkspace(admin, "chg-page");
    String policies = "/api/v1/admin/workspaces/" + ws + "/policies";
    String id = id(admin.post(policies, policy("chg-page", "docs")), 201);
    for (int v = 1; v <= 4; v++) {
      assertThat(
              admin.put(policies + "/" + id, withVersion(policy("chg-page", "r" + v), v)).status())
          .isEqualTo(200);
    }
    List<JsonObject> all = ofItem(id);
    assertThat(all).hasSize(5);
    // Pages of 2: the same five entries, newest first, no repeats.
    List<String> paged = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < 10; i++) {
      Http.Reply r =
          admin.get(
              CHANGES
                  + "?item="
                  + id
                  + "&limit=2"
                  + (cursor == null ? "" : "&cursor=" + q(cursor)));
      assertThat(r.list().size()).isLessThanOrEqualTo(2);
      r.list().getValuesAs(JsonObject.class).forEach(e -> paged.add(e.getString("id")));
      if (r.object().isNull("nextCursor")) {
        break;
      }
      cursor = r.object().getString("nextCursor");
    }
    assertThat(paged).isEqualTo(all.stream().map(e -> e.getString("id")).toList());
    assertThat(all.stream().map(e -> number(e, "toVersion")).toList())
        .containsExactly(5L, 4L, 3L, 2L, 1L);

    // from is inclusive, to exclusive.
    String third = all.get(2).getString("at");
    List<JsonObject> fromThird = entries(CHANGES, "item=" + id + "&from=" + q(third));
    assertThat(fromThird).hasSizeBetween(3, 5);
    assertThat(entries(CHANGES, "item=" + id + "&to=" + q(all.get(4).getString("at")))).isEmpty();
    assertThat(entries(CHANGES, "item=" + id + "&from=2099-01-01T00:00:00Z")).isEmpty();
    assertThat(
            entries(
                CHANGES,
                "item=" + id + "&from=2000-01-01T00:00:00%2B02:00&to=2099-01-01T00:00:00Z"))
        .hasSize(5);
    // Workspace and item combine.
    assertThat(entries(CHANGES, "workspace=" + ws + "&item=" + id)).hasSize(5);
    assertThat(entries(CHANGES, "workspace=default&item=" + id)).isEmpty();
  }

  @Test
  void hostileParametersAreRefusedWith400AndNever500() {
    String ws = createWorkspace(admin, "chg-hostile");
    for (String query :
        List.of(
            "workspace=a%0d%0aSet-Cookie:%20x=1",
            "workspace=" + "w".repeat(500),
            "item=a%0d%0ab",
            "item=" + "1".repeat(200),
            "from=yesterday",
            "from=2026-13-01T00:00:00Z",
            "to=%2B999999999-12-31T23:59:59Z",
            "to=99999999999999999999",
            "from=-0001-01-01T00:00:00Z",
            "limit=99999999999999999999",
            "limit=0",
            "limit=-1",
            "cursor=%00%01",
            "cursor=" + "A".repeat(5000))) {
      for (String path : List.of(CHANGES, "/api/v1/admin/workspaces/" + ws + "/changes")) {
        Http.Reply r = admin.get(path + "?" + query);
        if (query.startsWith("workspace=") && !path.equals(CHANGES)) {
          assertThat(r.status()).as(query + " " + r).isEqualTo(200); // not a parameter there
          continue;
        }
        assertNoLeak(r);
        assertThat(r.header("Set-Cookie")).isNull();
        assertProblem(r, 400, "validation_failed");
      }
    }
    assertProblem(admin.get("/api/v1/admin/workspaces/no-such-chg-ws/changes"), 404, "not_found");
    // Without admin credentials, nothing.
    assertProblem(anonymous.get(CHANGES), 401, "unauthorized");
  }
}
