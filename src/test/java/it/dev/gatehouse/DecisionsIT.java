package it.dev.gatehouse;

import static dev.gatehouse.Samples.DOCS_AND_IMAGES;
import static it.dev.gatehouse.AuditLog.awaitDecision;
import static it.dev.gatehouse.AuditLog.awaitRecords;
import static it.dev.gatehouse.AuditLog.listAll;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log through the admin API (docs/api.md#the-audit-log): {@code GET /decisions} with each
 * filter, newest first, paged without gaps or duplicates; bad filters refused; refused tokens
 * recorded; context kept in full; {@code GET /decisions/{id}}. The log is written asynchronously,
 * so reads poll (bounded) until the records are there.
 */
class DecisionsIT extends OnSharedServer {
  static String tenant;
  static String providerId;

  /** A workspace that holds only the six decisions of {@link #ids} (for exact filter results). */
  static String filterWs;

  /** A workspace for the other tests. */
  static String ws;

  static String alice;
  static String bob;

  /** The filter workspace's decisions, oldest first. */
  static final List<String> ids = new ArrayList<>();

  @BeforeAll
  static void setUp() throws InterruptedException {
    tenant = Workspaces.unique("dec");
    filterWs = Workspaces.createWorkspace(admin, "decf");
    ws = Workspaces.createWorkspace(admin, "dec");
    Workspaces.clerkProvider(filterWs, tenant, "[]");
    providerId = Workspaces.clerkProvider(ws, tenant, "[]");
    Workspaces.createPolicy(filterWs, DOCS_AND_IMAGES);
    Workspaces.createPolicy(ws, DOCS_AND_IMAGES);

    alice = Workspaces.unique("alice");
    bob = Workspaces.unique("bob");
    Object[][] checks = {
      {alice, "doc", "read", true}, // 0
      {alice, "doc", "write", false}, // 1
      {bob, "img", "read", true}, // 2
      {bob, "doc", "read", false}, // 3
      {alice, "img", "write", true}, // 4
      {bob, "img", "write", false}, // 5
    };
    for (Object[] c : checks) {
      JsonObject d =
          Checks.decide(
              filterWs,
              idp.mint(tenant, Map.of("sub", c[0])),
              (String) c[1],
              (String) c[2],
              "{\"allow\":" + c[3] + "}");
      assertThat(d.getBoolean("allowed")).isEqualTo(c[3]);
      ids.add(d.getString("decisionId"));
      Thread.sleep(5); // distinct decision times, so that from/to can split them
    }
    awaitRecords(filterWs, "", ids.size());
  }

  private static List<String> idsOf(List<JsonObject> records) {
    return records.stream().map(r -> r.getString("decisionId")).toList();
  }

  /** The decisions of {@link #ids} at these indexes, newest first. */
  private static List<String> expected(int... indexes) {
    List<String> out = new ArrayList<>();
    for (int i = indexes.length - 1; i >= 0; i--) {
      out.add(ids.get(indexes[i]));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decidedAt(int index) {
    return awaitDecision(filterWs, ids.get(index)).getString("decidedAt");
  }

  // ---------------------------------------------------------------- filters and order

  @Test
  void theLogIsNewestFirst() {
    List<JsonObject> all = listAll(filterWs, "");
    assertThat(idsOf(all)).containsExactlyElementsOf(expected(0, 1, 2, 3, 4, 5));
    for (int i = 1; i < all.size(); i++) {
      assertThat(Instant.parse(all.get(i - 1).getString("decidedAt")))
          .isAfterOrEqualTo(Instant.parse(all.get(i).getString("decidedAt")));
    }
  }

  @Test
  void eachFilterSelectsExactlyItsRecords() {
    assertThat(idsOf(listAll(filterWs, "subject=" + alice)))
        .containsExactlyElementsOf(expected(0, 1, 4));
    assertThat(idsOf(listAll(filterWs, "subject=" + bob)))
        .containsExactlyElementsOf(expected(2, 3, 5));
    assertThat(idsOf(listAll(filterWs, "resource=img")))
        .containsExactlyElementsOf(expected(2, 4, 5));
    assertThat(idsOf(listAll(filterWs, "resource=doc")))
        .containsExactlyElementsOf(expected(0, 1, 3));
    assertThat(idsOf(listAll(filterWs, "action=write")))
        .containsExactlyElementsOf(expected(1, 4, 5));
    assertThat(idsOf(listAll(filterWs, "decision=Allow")))
        .containsExactlyElementsOf(expected(0, 2, 4));
    assertThat(idsOf(listAll(filterWs, "decision=Deny")))
        .containsExactlyElementsOf(expected(1, 3, 5));
    assertThat(idsOf(listAll(filterWs, "subject=" + bob + "&decision=Deny&resource=img")))
        .containsExactlyElementsOf(expected(5));
    assertThat(listAll(filterWs, "subject=nobody-" + UUID.randomUUID())).isEmpty();
    assertThat(listAll(filterWs, "resource=IMG")).as("filters compare exactly").isEmpty();
    for (JsonObject r : listAll(filterWs, "decision=Allow")) {
      assertThat(r.getBoolean("allowed")).isTrue();
      assertThat(r.getString("reason")).isEqualTo("rule_matched");
      assertThat(r.getString("ruleId")).isEqualTo("flagged");
    }
  }

  @Test
  void fromIsInclusiveAndToExclusiveInAnyIso8601Offset() {
    String t2 = decidedAt(2);
    String t4 = decidedAt(4);
    assertThat(idsOf(listAll(filterWs, "from=" + enc(t2))))
        .containsExactlyElementsOf(expected(2, 3, 4, 5));
    assertThat(idsOf(listAll(filterWs, "to=" + enc(t2)))).containsExactlyElementsOf(expected(0, 1));
    assertThat(idsOf(listAll(filterWs, "from=" + enc(t2) + "&to=" + enc(t4))))
        .containsExactlyElementsOf(expected(2, 3));
    // The same instant written with another offset.
    String t2plus2 = Instant.parse(t2).atOffset(ZoneOffset.ofHours(2)).toString();
    assertThat(idsOf(listAll(filterWs, "from=" + enc(t2plus2))))
        .containsExactlyElementsOf(expected(2, 3, 4, 5));
    // Combined with another filter.
    assertThat(idsOf(listAll(filterWs, "from=" + enc(t2) + "&subject=" + alice)))
        .containsExactlyElementsOf(expected(4));
    assertThat(listAll(filterWs, "to=2000-01-01T00:00:00Z")).isEmpty();
    assertThat(listAll(filterWs, "from=2100-01-01T00:00:00Z")).isEmpty();
    // Years no timestamp column holds: all or nothing, never an error.
    assertThat(listAll(filterWs, "from=" + enc("+99999-01-01T00:00:00Z"))).isEmpty();
    assertThat(idsOf(listAll(filterWs, "to=" + enc("+99999-01-01T00:00:00Z"))))
        .containsExactlyElementsOf(expected(0, 1, 2, 3, 4, 5));
    assertThat(idsOf(listAll(filterWs, "from=" + enc("-99999-01-01T00:00:00Z"))))
        .containsExactlyElementsOf(expected(0, 1, 2, 3, 4, 5));
  }

  @Test
  void pagesFollowOneAnotherWithoutGapsOrDuplicates() {
    String subject = Workspaces.unique("pager");
    String t = idp.mint(tenant, Map.of("sub", subject));
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      issued.add(
          Checks.decide(ws, t, "doc", "read", "{\"allow\":" + (i % 3 == 0) + "}")
              .getString("decisionId"));
    }
    List<String> all = idsOf(awaitRecords(ws, "subject=" + subject, 7));
    assertThat(all).containsExactlyInAnyOrderElementsOf(issued);

    List<String> paged = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      Http.Reply r =
          admin.get(
              "/api/v1/admin/workspaces/"
                  + ws
                  + "/decisions?subject="
                  + subject
                  + "&limit=2"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.list().forEach(v -> paged.add(v.asJsonObject().getString("decisionId")));
      sizes.add(r.list().size());
      if (r.object().isNull("nextCursor")) {
        cursor = null;
        break;
      }
      cursor = r.object().getString("nextCursor");
    }
    assertThat(cursor).as("the last page has no next cursor").isNull();
    assertThat(sizes).containsExactly(2, 2, 2, 1);
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(new HashSet<>(paged)).hasSize(7);

    // A page exactly as long as what is left has no next cursor; one shorter has.
    Http.Reply exact =
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions?limit=7&subject=" + subject);
    assertThat(exact.list()).hasSize(7);
    assertThat(exact.object().isNull("nextCursor")).isTrue();
    Http.Reply six =
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions?limit=6&subject=" + subject);
    assertThat(six.list()).hasSize(6);
    Http.Reply rest =
        admin.get(
            "/api/v1/admin/workspaces/"
                + ws
                + "/decisions?limit=6&subject="
                + subject
                + "&cursor="
                + six.object().getString("nextCursor"));
    assertThat(idsOf(rest.list().getValuesAs(JsonObject.class))).containsExactly(all.get(6));
    assertThat(rest.object().isNull("nextCursor")).isTrue();

    // Paging within another filter.
    List<String> allows = idsOf(listAll(ws, "subject=" + subject + "&decision=Allow"));
    List<String> issuedAllows = List.of(issued.get(0), issued.get(3), issued.get(6));
    assertThat(allows)
        .containsExactlyElementsOf(all.stream().filter(issuedAllows::contains).toList());
    Http.Reply p1 =
        admin.get(
            "/api/v1/admin/workspaces/"
                + ws
                + "/decisions?limit=2&decision=Allow&subject="
                + subject);
    Http.Reply p2 =
        admin.get(
            "/api/v1/admin/workspaces/"
                + ws
                + "/decisions?limit=2&decision=Allow&subject="
                + subject
                + "&cursor="
                + p1.object().getString("nextCursor"));
    List<String> both = new ArrayList<>(idsOf(p1.list().getValuesAs(JsonObject.class)));
    both.addAll(idsOf(p2.list().getValuesAs(JsonObject.class)));
    assertThat(both).containsExactlyElementsOf(allows);
  }

  @Test
  void badFiltersAre400() {
    for (String q :
        List.of(
            "decision=maybe",
            "decision=allow",
            "from=yesterday",
            "to=2026-13-01T00:00:00Z",
            "from=1700000000",
            "limit=0",
            "limit=501",
            "limit=ten",
            "cursor=not-a-cursor")) {
      Http.Reply r = admin.get("/api/v1/admin/workspaces/" + ws + "/decisions?" + q);
      ProblemAssert.assertProblem(r, 400, "validation_failed");
    }
    ProblemAssert.assertProblem(
        admin.get(
            "/api/v1/admin/workspaces/no-such-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "/decisions"),
        404,
        "not_found");
    ProblemAssert.assertProblem(
        anonymous.get("/api/v1/admin/workspaces/" + ws + "/decisions"), 401, "unauthorized");
    ProblemAssert.assertProblem(
        anonymous
            .header("Authorization", "Bearer " + idp.mint(tenant, Map.of("sub", "u")))
            .get("/api/v1/admin/workspaces/" + ws + "/decisions"),
        401,
        "unauthorized");
  }

  // ---------------------------------------------------------------- what a record holds

  @Test
  void aRefusedTokenIsRecordedAsADenyWithItsCodeAndNoSubject() {
    String resource = Workspaces.unique("refused");
    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired = idp.mint(tenant, Map.of("sub", "user_expired", "exp", past));
    String stranger = idp.mint(Workspaces.unique("stranger"), Map.of("sub", "user_stranger"));
    String check = "/api/v1/workspaces/" + ws + "/authorization/check";
    ProblemAssert.assertProblem(
        anonymous.post(check, Checks.checkBody(expired, resource, "read", "{\"k\":1}", null)),
        401,
        "token_expired");
    ProblemAssert.assertProblem(
        anonymous.post(check, Checks.checkBody(stranger, resource, "write", null, null)),
        401,
        "unknown_issuer");
    ProblemAssert.assertProblem(
        anonymous.post(check, Checks.checkBody(null, resource, "delete", null, "198.51.100.9")),
        401,
        "missing_token");

    List<JsonObject> records = awaitRecords(ws, "resource=" + resource, 3);
    assertThat(records).hasSize(3);
    Map<String, JsonObject> byCode = new java.util.HashMap<>();
    records.forEach(r -> byCode.put(r.getString("code"), r));
    JsonObject missing = byCode.get("missing_token");
    JsonObject unknown = byCode.get("unknown_issuer");
    JsonObject exp = byCode.get("token_expired");
    assertThat(byCode).hasSize(3);
    for (JsonObject r : records) {
      assertThat(r.getString("decision")).isEqualTo("Deny");
      assertThat(r.getBoolean("allowed")).isFalse();
      assertThat(r.isNull("subject")).as(r.toString()).isTrue();
      assertThat(r.isNull("reason")).as(r.toString()).isTrue();
      assertThat(r.isNull("policy")).as(r.toString()).isTrue();
      assertThat(r.isNull("ruleId")).as(r.toString()).isTrue();
      assertThat(r.getString("source")).isEqualTo("check");
      assertThat(r.getString("resource")).isEqualTo(resource);
    }
    assertThat(exp.getString("code")).isEqualTo("token_expired");
    assertThat(exp.getString("action")).isEqualTo("read");
    assertThat(exp.getString("issuer")).isEqualTo(idp.issuer(tenant));
    assertThat(exp.getString("providerId")).isEqualTo(providerId);
    // A refused token keeps no context (docs/security.md, "The audit log under attack").
    assertThat(exp.isNull("context")).as(exp.toString()).isTrue();
    assertThat(unknown.getString("code")).isEqualTo("unknown_issuer");
    assertThat(unknown.isNull("issuer")).isTrue();
    assertThat(unknown.isNull("providerId")).isTrue();
    assertThat(missing.getString("code")).isEqualTo("missing_token");
    assertThat(missing.getString("ipAddress")).isEqualTo("198.51.100.9");

    assertThat(idsOf(listAll(ws, "resource=" + resource + "&decision=Deny"))).hasSize(3);
    assertThat(listAll(ws, "resource=" + resource + "&decision=Allow")).isEmpty();
  }

  @Test
  void aDecisionIsRecordedWithItsWholeContext() {
    String subject = Workspaces.unique("ctx");
    String context =
        """
        {"allow":true,"orderId":"order-123","orderAmount":50000,"price":12.50,
         "big":123456789012345678901234567890,"negative":-7,"flag":false,"nothing":null,
         "tags":["a","b",3,{"deep":[1,{"deeper":"yes"}]}],
         "customer":{"name":"Žluťoučký kůň 🐴","address":{"city":"Zürich","zip":"8001"}},
         "quote":"she said \\"hi\\"\\n","empty":{},"none":[]}
        """;
    Http.Reply r =
        anonymous
            .header("X-Forwarded-For", "203.0.113.77")
            .post(
                "/api/v1/workspaces/" + ws + "/authorization/check",
                Checks.checkBody(
                    idp.mint(tenant, Map.of("sub", subject)), "doc", "write", context, null));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String id = r.data().getString("decisionId");
    JsonObject rec = awaitDecision(ws, id);

    JsonObject sent;
    try (var reader = Json.createReader(new StringReader(context))) {
      sent = reader.readObject();
    }
    assertThat(rec.getJsonObject("context")).isEqualTo(sent);
    assertThat(rec.getJsonObject("context").getJsonObject("customer").getString("name"))
        .isEqualTo("Žluťoučký kůň 🐴");
    assertThat(rec.getJsonObject("context").get("nothing")).isEqualTo(JsonValue.NULL);
    assertThat(rec.getString("decisionId")).isEqualTo(id);
    assertThat(rec.getString("subject")).isEqualTo(subject);
    assertThat(rec.getString("resource")).isEqualTo("doc");
    assertThat(rec.getString("action")).isEqualTo("write");
    assertThat(rec.getString("decision")).isEqualTo("Allow");
    assertThat(rec.getBoolean("allowed")).isTrue();
    assertThat(rec.getString("reason")).isEqualTo("rule_matched");
    assertThat(rec.getString("policy")).isEqualTo("docs_and_images");
    assertThat(rec.getString("policyId")).hasSize(36);
    assertThat(rec.getString("ruleId")).isEqualTo("flagged");
    assertThat(rec.isNull("code")).isTrue();
    assertThat(rec.getString("providerId")).isEqualTo(providerId);
    assertThat(rec.getString("issuer")).isEqualTo(idp.issuer(tenant));
    assertThat(rec.getString("source")).isEqualTo("check");
    assertThat(rec.getString("ipAddress")).isEqualTo("203.0.113.77");
    Instant decided = Instant.parse(rec.getString("decidedAt"));
    assertThat(decided).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
    // The list shows the same record.
    assertThat(listAll(ws, "subject=" + subject)).containsExactly(rec);
  }

  @Test
  void hostileTextIsStoredAndListedBackExactly() {
    // What PostgreSQL's COPY text format must escape (tab, newline, carriage return, backslash,
    // a literal \N and \.), and what no format may mangle (escapes' look-alikes, Unicode,
    // controls).
    String hostile =
        Workspaces.unique("h")
            + "\t\ttab\nnl\rcr\r\n\\N \\. \\ end\\ 'q' \"dq\" \u00e9 \ud83d\udc34 \u200b\u2028 \u0001\u001f";
    String action = "act\t\n\\" + hostile.substring(hostile.length() - 12);
    String body =
        Json.createObjectBuilder()
            .add("token", idp.mint(tenant, Map.of("sub", hostile)))
            .add("resource", "doc")
            .add("action", action)
            .add("context", Json.createObjectBuilder().add("note", hostile).add("allow", true))
            .build()
            .toString();
    Http.Reply r = Checks.checkReply(anonymous, ws, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String id = r.data().getString("decisionId");

    JsonObject rec = awaitDecision(ws, id);
    assertThat(rec.getString("subject")).isEqualTo(hostile);
    assertThat(rec.getString("action")).isEqualTo(action);
    assertThat(rec.getJsonObject("context").getString("note")).isEqualTo(hostile);
    assertThat(listAll(ws, "subject=" + enc(hostile))).containsExactly(rec);
    assertThat(listAll(ws, "action=" + enc(action))).containsExactly(rec);
  }

  @Test
  void aNulInTheResourceIsStoredAsTheReplacementCharacter() {
    // On PostgreSQL a raw U+0000 would make the database refuse the whole batch (docs/security.md).
    String token = idp.mint(tenant, Map.of("sub", Workspaces.unique("nul")));
    String body =
        Json.createObjectBuilder()
            .add("token", token)
            .add("resource", "doc\u0000x") // JSON-P writes it as the escape \\u0000
            .add("action", "read")
            .build()
            .toString();
    assertThat(body).doesNotContain("\u0000");
    Http.Reply r = Checks.checkReply(anonymous, ws, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String nulId = r.data().getString("decisionId");
    String fineId = Checks.decide(ws, token, "doc", "read", null).getString("decisionId");

    assertThat(awaitDecision(ws, nulId).getString("resource")).isEqualTo("doc\uFFFDx");
    assertThat(awaitDecision(ws, fineId).getString("resource")).isEqualTo("doc");
  }

  @Test
  void onPostgreSqlRecordsAreWrittenWithCopyAndOnDerbyWithBatches() throws Exception {
    // A record written now, so that the writer has chosen its path.
    awaitDecision(
        ws,
        Checks.decide(ws, idp.mint(tenant, Map.of("sub", "copy")), "doc", "read", null)
            .getString("decisionId"));
    String log = LibertyServer.shared().allMessages();
    assertThat(log).doesNotContain("PostgreSQL's COPY is not available");
    if (LibertyServer.EXTERNAL_DB_URL.isEmpty()) {
      assertThat(log).doesNotContain("written with PostgreSQL's COPY");
    } else {
      // Liberty's connection unwraps to the driver's PGConnection (docs/postgresql.md).
      assertThat(log).contains("Decision records are written with PostgreSQL's COPY");
    }
  }

  @Test
  void anUnknownDecisionIdIs404() {
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + UUID.randomUUID()),
        404,
        "not_found");
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/not-a-decision-id"),
        404,
        "not_found");
    // An id of this workspace's filter twin is unknown here.
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + ids.get(0)), 404, "not_found");
    ProblemAssert.assertProblem(
        anonymous.get("/api/v1/admin/workspaces/" + filterWs + "/decisions/" + ids.get(0)),
        401,
        "unauthorized");
  }
}
