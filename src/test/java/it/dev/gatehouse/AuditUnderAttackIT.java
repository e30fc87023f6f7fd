package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing unauthenticated floods the audit log or breaks its queries (docs/security.md, "The audit
 * log under attack"), on the real server: huge JSON numbers in a body or a token are a 400 / 401,
 * never a 500; what is stored is listed again; a refused token stores no context; a large context
 * is stored cut, with its mark; workspace names that cannot exist are a 404 that reaches no
 * database and writes no SEVERE line.
 */
class AuditUnderAttackIT extends OnSharedServer {
  /** A line of messages.log at level SEVERE (Liberty writes it as " E "). */
  private static final Pattern SEVERE_LINE = Pattern.compile("(?m)^\\[[^\\]]*\\] \\S+ \\S+\\s+E ");

  static String ws;
  static String tenant;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "atk");
    tenant = Workspaces.unique("atk");
    Workspaces.clerkProvider(ws, tenant, "[]");
    Workspaces.createPolicy(ws, Samples.DOCS_AND_IMAGES);
  }

  private static Http.Reply check(String workspace, String body) {
    return Checks.checkReply(anonymous, workspace, body);
  }

  private static String token() {
    return idp.mint(tenant, Map.of("sub", Workspaces.unique("user")));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- numbers

  @ParameterizedTest
  @ValueSource(ints = {101, 1100, 1101, 2000, 100_000})
  void aHugeNumberInTheCheckBodyIs400WithItsPointer(int digits) {
    String body =
        Checks.checkBody(
            token(), "doc", "read", "{\"allow\":true,\"n\":" + "7".repeat(digits) + "}", null);
    Http.Reply r = check(ws, body);
    assertThat(ProblemAssert.pointers(r)).containsExactly("/context/n");
    // The same in a batch and in an admin body.
    r =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check-batch",
            "{\"checks\":[{\"resource\":\"doc\",\"action\":\"read\",\"context\":{\"n\":"
                + "7".repeat(digits)
                + "}}]}");
    assertThat(ProblemAssert.pointers(r)).containsExactly("/checks/0/context/n");
    r =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/authorization/explain",
            "{\"resource\":\"doc\",\"action\":\"read\",\"context\":{\"n\":-"
                + "7".repeat(digits)
                + "}}");
    assertThat(ProblemAssert.pointers(r)).containsExactly("/context/n");
  }

  @Test
  void anExponentOutOfRangeInTheBodyIs400NotA500() {
    Http.Reply r =
        check(ws, Checks.checkBody(token(), "doc", "read", "{\"n\":1e99999999999}", null));
    assertThat(ProblemAssert.pointers(r)).containsExactly("/context/n");
  }

  @ParameterizedTest
  @ValueSource(ints = {101, 1100, 1101, 2000})
  void aHugeNumberInTheTokenIsMalformedToken(int digits) {
    String number = "7".repeat(digits);
    String inPayload =
        b64("{\"alg\":\"RS256\",\"kid\":\"k\"}")
            + "."
            + b64(
                "{\"iss\":\""
                    + idp.issuer(tenant)
                    + "\",\"sub\":\"a\",\"exp\":9999999999,\"n\":"
                    + number
                    + "}")
            + ".c2ln";
    String inHeader =
        b64("{\"alg\":\"RS256\",\"kid\":\"k\",\"n\":" + number + "}")
            + "."
            + b64("{\"sub\":\"a\",\"exp\":9999999999}")
            + ".c2ln";
    String exponent = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"exp\":1e99999999999}") + ".c2ln";
    for (String t : List.of(inPayload, inHeader, exponent)) {
      ProblemAssert.assertProblem(
          check(ws, Checks.checkBody(t, "doc", "read", null, null)), 401, "malformed_token");
      ProblemAssert.assertProblem(
          anonymous
              .header("Authorization", "Bearer " + t)
              .post(
                  "/api/v1/workspaces/" + ws + "/authorization/check",
                  "{\"resource\":\"r\"," + "\"action\":\"a\"}"),
          401,
          "malformed_token");
      // The token playground (admin) reads it as a failing token too: 200, valid false.
      Http.Reply inspect =
          admin.post(
              "/api/v1/admin/workspaces/" + ws + "/tokens/inspect", "{\"token\":\"" + t + "\"}");
      assertThat(inspect.status()).as(inspect.toString()).isEqualTo(200);
      assertThat(inspect.data().getBoolean("valid")).isFalse();
      assertThat(inspect.data().getString("code")).isEqualTo("malformed_token");
    }
  }

  @Test
  void aHundredCharacterNumberIsStoredAndListedBackExactly() {
    // 100 characters that BigDecimal writes back longer (1.000…E+106): older versions wrote
    // such a number back past Parsson's limit and every page holding it answered 500.
    String n = "1" + "0".repeat(96) + "e10";
    String resource = "doc";
    JsonObject d = Checks.decide(ws, token(), resource, "read", "{\"allow\":true,\"n\":" + n + "}");
    assertThat(d.getBoolean("allowed")).isTrue();
    JsonObject record = AuditLog.awaitDecision(ws, d.getString("decisionId"));
    assertThat(record.getJsonObject("context").getJsonNumber("n").bigDecimalValue())
        .isEqualByComparingTo(new BigDecimal(n));
    assertThat(record.getBoolean("contextTruncated")).isFalse();
    assertThat(record.getBoolean("contextUnreadable")).isFalse();
    // Every page of the listing holding it answers 200 (listAll asserts each page).
    assertThat(AuditLog.listAll(ws, "decision=Allow"))
        .extracting(o -> o.getString("decisionId"))
        .contains(d.getString("decisionId"));
  }

  // ---------------------------------------------------------------- what is stored

  @Test
  void aRefusedTokenStoresNoContext() {
    String resource = Workspaces.unique("refused");
    String context = "{\"secret\":\"" + "s".repeat(500_000) + "\",\"k\":1}";
    ProblemAssert.assertProblem(
        check(ws, Checks.checkBody(null, resource, "read", context, null)), 401, "missing_token");
    ProblemAssert.assertProblem(
        check(ws, Checks.checkBody("not.a.token", resource, "read", context, null)),
        401,
        "malformed_token");
    List<JsonObject> records = AuditLog.awaitRecords(ws, "resource=" + resource, 2);
    assertThat(records).hasSize(2);
    for (JsonObject r : records) {
      assertThat(r.isNull("context")).as(r.toString()).isTrue();
      assertThat(r.getBoolean("contextTruncated")).isFalse();
      assertThat(r.getString("decision")).isEqualTo("Deny");
    }
    assertThat(records)
        .extracting(r -> r.getString("code"))
        .containsExactlyInAnyOrder("missing_token", "malformed_token");
  }

  @Test
  void aContextNearOneMibOnAnAllowedCheckIsStoredCutWithTheMark() throws Exception {
    Scrape before = Scrape.of(anonymous);
    String blob = "b".repeat(1_000_000);
    String context = "{\"allow\":true,\"orderId\":\"o-1\",\"blob\":\"" + blob + "\",\"after\":2}";
    JsonObject d = Checks.decide(ws, token(), "doc", "read", context);
    // The policy saw the whole context; only the record is cut.
    assertThat(d.getBoolean("allowed")).isTrue();
    JsonObject record = AuditLog.awaitDecision(ws, d.getString("decisionId"));
    assertThat(record.getBoolean("contextTruncated")).isTrue();
    assertThat(record.getJsonObject("context").toString())
        .isEqualTo("{\"allow\":true,\"orderId\":\"o-1\"}");
    // A context under the limit is kept whole.
    JsonObject small = Checks.decide(ws, token(), "doc", "read", "{\"allow\":true,\"x\":\"y\"}");
    JsonObject smallRecord = AuditLog.awaitDecision(ws, small.getString("decisionId"));
    assertThat(smallRecord.getBoolean("contextTruncated")).isFalse();
    assertThat(smallRecord.getJsonObject("context").getString("x")).isEqualTo("y");
    // Counted (docs/metrics.md); the queue's bytes are published and nothing was dropped.
    Scrape after = Scrape.of(anonymous);
    assertThat(after.minus(before, "gatehouse_audit_contexts_truncated", Map.of()))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(after.value("gatehouse_audit_queue_bytes", Map.of()))
        .isBetween(0.0, 64.0 * 1024 * 1024);
    assertThat(after.value("gatehouse_audit_dropped", Map.of())).isEqualTo(0.0);
  }

  @Test
  void decisionFiltersLongerThanAnyStoredValueFindNothing() {
    Http.Reply r =
        admin.get(
            "/api/v1/admin/workspaces/"
                + ws
                + "/decisions?subject="
                + "s".repeat(5000)
                + "&resource="
                + "r".repeat(300));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.list()).isEmpty();
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + "d".repeat(5000)),
        404,
        "not_found");
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/providers/" + "p".repeat(5000)),
        404,
        "not_found");
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + "p".repeat(5000)),
        404,
        "not_found");
  }

  // ---------------------------------------------------------------- workspace names

  @Test
  void workspaceNamesThatCannotExistAre404EverywhereWithNoSevereLine() throws IOException {
    String marker = "zqxattackerzqx";
    List<String> names =
        List.of(
            "a".repeat(64),
            marker + "x".repeat(10_000),
            marker + "UPPER",
            marker + "ünïcödé",
            marker + "😀",
            marker + "\u202e" + "txt",
            marker + "_under",
            marker + " space");
    int logBefore = server.messagesLog().length();
    for (String name : names) {
      String n = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
      String body = Checks.checkBody(token(), "doc", "read", "{\"allow\":true}", null);
      List<Http.Reply> replies =
          List.of(
              check(n, body),
              anonymous.post(
                  "/api/v1/workspaces/" + n + "/authorization/check-batch",
                  "{\"token\":\""
                      + token()
                      + "\",\"checks\":[{\"resource\":\"r\",\"action\":\"a\"}]}"),
              admin.get("/api/v1/admin/workspaces/" + n),
              admin.put("/api/v1/admin/workspaces/" + n, "{\"name\":\"fine\"}"),
              admin.delete("/api/v1/admin/workspaces/" + n),
              admin.get("/api/v1/admin/workspaces/" + n + "/providers"),
              admin.get("/api/v1/admin/workspaces/" + n + "/policies"),
              admin.get("/api/v1/admin/workspaces/" + n + "/decisions"),
              admin.get(
                  "/api/v1/admin/workspaces/"
                      + n
                      + "/decisions/00000000-0000-7000-8000-000000000000"),
              admin.post(
                  "/api/v1/admin/workspaces/" + n + "/authorization/explain",
                  "{\"resource\":\"r\",\"action\":\"a\"}"),
              admin.post(
                  "/api/v1/admin/workspaces/" + n + "/tokens/inspect",
                  "{\"token\":\"" + token() + "\"}"));
      for (Http.Reply r : replies) {
        JsonObject p = ProblemAssert.assertProblem(r, 404, "not_found");
        assertThat(p.getString("detail")).as(r.toString()).doesNotContain(marker);
      }
    }
    // A NUL in the path is refused by Liberty's web container itself (400, its own JSON body)
    // before Gatehouse sees the request: not a 500, and nothing of it in the log.
    Http.Reply nul = check(URLEncoder.encode(marker + "\u0000", StandardCharsets.UTF_8), "{}");
    assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
    String log = server.messagesLog();
    String during = log.substring(Math.min(logBefore, log.length()));
    assertThat(during).doesNotContain(marker);
    assertThat(SEVERE_LINE.matcher(during).find()).as(during).isFalse();
  }

  @Test
  void aValidNameThatDoesNotExistIsStillNamedInThe404() {
    String name = Workspaces.unique("nosuch");
    JsonObject p =
        ProblemAssert.assertProblem(
            check(name, Checks.checkBody(token(), "doc", "read", null, null)), 404, "not_found");
    assertThat(p.getString("detail")).contains(name);
  }
}
