package it.dev.gatehouse;

import static it.dev.gatehouse.Checks.assertDecision;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workspaces are tenants (docs/api.md#workspaces): two workspaces A and B share nothing — not
 * providers, not policies, not decisions — and a policy change in one takes effect at once for its
 * next check.
 */
class IsolationIT extends OnSharedServer {
  static String wsA;
  static String wsB;
  static String tenantA;
  static String tenantB;

  static final String OPEN_DOCS =
      """
      {"name":"open_docs","resources":["docs"],"actions":["read"],
       "specification":{"rules":[{"rule_id":"everyone","effect":"Allow"}]}}
      """;

  @BeforeAll
  static void setUp() {
    wsA = Workspaces.createWorkspace(admin, "iso-a");
    wsB = Workspaces.createWorkspace(admin, "iso-b");
    tenantA = Workspaces.unique("iso-a");
    tenantB = Workspaces.unique("iso-b");
    Workspaces.clerkProvider(wsA, tenantA, "[]");
    Workspaces.clerkProvider(wsB, tenantB, "[]");
    Workspaces.createPolicy(wsA, OPEN_DOCS);
  }

  private static Http.Reply check(String ws, String token, String resource) {
    return Checks.checkReply(anonymous, ws, Checks.checkBody(token, resource, "read", null, null));
  }

  @Test
  void aTokenOfAProviderRegisteredOnlyInAIsUnknownInB() {
    String tokenA = idp.mint(tenantA, Map.of("sub", "user_a"));
    assertThat(check(wsA, tokenA, "docs").data().getBoolean("allowed")).isTrue();

    Http.Reply inB = check(wsB, tokenA, "docs");
    JsonObject p = ProblemAssert.assertProblem(inB, 401, "unknown_issuer");
    // The public answer names no issuer (docs/security.md#response-headers-and-public-answers);
    // B's admin sees it through tokens/inspect.
    assertThat(p.getString("detail"))
        .isEqualTo("the token's issuer is not registered in this workspace")
        .doesNotContain(idp.issuer(tenantA));
    assertThat(inB.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"the token's issuer is not"
                + " registered in this workspace\"");
    Http.Reply inspected =
        admin.post(
            "/api/v1/admin/workspaces/" + wsB + "/tokens/inspect",
            "{\"token\":\"" + tokenA + "\"}");
    assertThat(inspected.status()).as(inspected.toString()).isEqualTo(200);
    assertThat(inspected.data().getString("code")).isEqualTo("unknown_issuer");
    assertThat(inspected.data().getString("detail")).contains(idp.issuer(tenantA));
    Http.Reply batchInB =
        anonymous.post(
            "/api/v1/workspaces/" + wsB + "/authorization/check-batch",
            "{\"token\":\""
                + tokenA
                + "\",\"checks\":[{\"resource\":\"docs\",\"action\":\"read\"}]}");
    ProblemAssert.assertProblem(batchInB, 401, "unknown_issuer");
    // And the other way round.
    ProblemAssert.assertProblem(
        check(wsA, idp.mint(tenantB, Map.of("sub", "user_b")), "docs"), 401, "unknown_issuer");
  }

  @Test
  void aPolicyOfADecidesNothingInB() {
    String tokenB = idp.mint(tenantB, Map.of("sub", "user_b"));
    assertDecision(check(wsB, tokenB, "docs").data(), false, "no_applicable_policy", null, null);
    // Even a policy of the same name in B decides only by B's own rules.
    String bPolicy =
        Workspaces.createPolicy(
            wsB,
            OPEN_DOCS
                .replace("\"docs\"", "\"manuals\"")
                .replace("\"effect\":\"Allow\"}]", "\"effect\":\"Deny\"}]"));
    assertDecision(
        check(wsB, tokenB, "manuals").data(), false, "rule_matched", "open_docs", "everyone");
    String tokenA = idp.mint(tenantA, Map.of("sub", "user_a"));
    assertDecision(check(wsA, tokenA, "manuals").data(), false, "no_applicable_policy", null, null);
    assertDecision(
        check(wsA, tokenA, "docs").data(), true, "rule_matched", "open_docs", "everyone");
    assertThat(bPolicy).hasSize(36);
  }

  @Test
  void theSameIssuerInTwoWorkspacesIsTwoProvidersWithTheirOwnMappings() {
    String shared = Workspaces.unique("iso-shared");
    String wsC = Workspaces.createWorkspace(admin, "iso-c");
    String wsD = Workspaces.createWorkspace(admin, "iso-d");
    Workspaces.clerkProvider(wsC, shared, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    Workspaces.clerkProvider(wsD, shared, "[{\"jwtPath\":\"department\",\"attribute\":\"role\"}]");
    String managers =
        """
        {"name":"managers","resources":["budget"],"actions":["read"],
         "specification":{"rules":[{"rule_id":"role","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"manager"}]}]}}
        """;
    String cPolicy = Workspaces.createPolicy(wsC, managers);
    String dPolicy = Workspaces.createPolicy(wsD, managers);
    String token =
        idp.mint(
            shared, Map.of("sub", "user_shared", "org_role", "manager", "department", "sales"));

    JsonObject inC = check(wsC, token, "budget").data();
    JsonObject inD = check(wsD, token, "budget").data();
    assertDecision(inC, true, "rule_matched", "managers", "role");
    assertDecision(inD, false, "default_effect", "managers", null);
    assertThat(AuditLog.awaitDecision(wsC, inC.getString("decisionId")).getString("policyId"))
        .isEqualTo(cPolicy);
    assertThat(AuditLog.awaitDecision(wsD, inD.getString("decisionId")).getString("policyId"))
        .isEqualTo(dPolicy);
  }

  @Test
  void decisionsOfAAreNotVisibleInB() {
    String subject = Workspaces.unique("iso-subject");
    String tokenA = idp.mint(tenantA, Map.of("sub", subject));
    String id = check(wsA, tokenA, "docs").data().getString("decisionId");
    JsonObject rec = AuditLog.awaitDecision(wsA, id);
    assertThat(rec.getString("subject")).isEqualTo(subject);
    assertThat(AuditLog.listAll(wsA, "subject=" + subject)).hasSize(1);

    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + wsB + "/decisions/" + id), 404, "not_found");
    assertThat(AuditLog.listAll(wsB, "subject=" + subject)).isEmpty();
    List<String> bIds =
        AuditLog.listAll(wsB, "").stream().map(r -> r.getString("decisionId")).toList();
    assertThat(bIds).doesNotContain(id);
    // A refused token of A's issuer in B is B's record, not A's.
    String refused = Workspaces.unique("refused");
    ProblemAssert.assertProblem(check(wsB, tokenA, refused), 401, "unknown_issuer");
    JsonObject inB = AuditLog.awaitRecords(wsB, "resource=" + refused, 1).get(0);
    assertThat(inB.getString("code")).isEqualTo("unknown_issuer");
    assertThat(inB.isNull("subject")).isTrue();
    assertThat(AuditLog.listAll(wsA, "resource=" + refused)).isEmpty();
    ProblemAssert.assertProblem(
        admin.get("/api/v1/admin/workspaces/" + wsA + "/decisions/" + inB.getString("decisionId")),
        404,
        "not_found");
  }

  @Test
  void deletingOrChangingAPolicyTakesEffectForTheNextCheck() {
    String token = idp.mint(tenantA, Map.of("sub", "user_change"));
    String policy =
        """
        {"name":"reports_open","resources":["reports"],"actions":["read"],
         "specification":{"rules":[{"rule_id":"everyone","effect":"Allow"}]}}
        """;
    String id = Workspaces.createPolicy(wsA, policy);
    assertDecision(
        check(wsA, token, "reports").data(), true, "rule_matched", "reports_open", "everyone");

    // An update: the very next check sees the new rules.
    Http.Reply current = admin.get("/api/v1/admin/workspaces/" + wsA + "/policies/" + id);
    long version = current.data().getJsonNumber("version").longValue();
    Http.Reply put =
        admin.put(
            "/api/v1/admin/workspaces/" + wsA + "/policies/" + id,
            policy
                .replace("\"effect\":\"Allow\"}]", "\"effect\":\"Deny\"}]")
                .replaceFirst("\\{", "{\"version\":" + version + ","));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertDecision(
        check(wsA, token, "reports").data(), false, "rule_matched", "reports_open", "everyone");

    // A delete: the very next check finds no policy.
    Http.Reply del = admin.delete("/api/v1/admin/workspaces/" + wsA + "/policies/" + id);
    assertThat(del.status()).as(del.toString()).isEqualTo(204);
    assertDecision(check(wsA, token, "reports").data(), false, "no_applicable_policy", null, null);
    // Deleting A's policy changed nothing else in A.
    assertDecision(check(wsA, token, "docs").data(), true, "rule_matched", "open_docs", "everyone");
  }
}
