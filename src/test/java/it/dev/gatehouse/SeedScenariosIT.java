package it.dev.gatehouse;

import static it.dev.gatehouse.Checks.assertDecision;
import static it.dev.gatehouse.Checks.checkBody;
import static it.dev.gatehouse.Checks.checkReply;
import static it.dev.gatehouse.Workspaces.clerkProvider;
import static it.dev.gatehouse.Workspaces.createPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import jakarta.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's policies and the policy language's everyday scenarios, written through the admin REST
 * API and decided by the check API with real tokens of a Clerk-style provider registered with the
 * seed's claim mappings ({@code metadata.plan → plan}, default {@code "free"}; {@code org_role →
 * role}).
 *
 * <p>{@code admin_access} as designed here (and in the demo seed): resources {@code ["admin"]},
 * actions {@code ["*"]}; one Allow rule {@code admins} (ext_role is {@code "admin"}); default Deny.
 * So an admin may do anything to the admin resource, anyone else nothing, and the policy decides
 * nothing about other resources. {@code premium_features}: resources {@code ["premium_features"]},
 * actions {@code ["read","use"]}; Allow when ext_plan is {@code "premium"}; default Deny. {@code
 * order_approval}: exactly the policy of docs/api.md#the-policy-object (the basic amounts are in
 * {@link CheckApiIT}; here the rule reported, digit strings and absent or non-integer amounts).
 */
class SeedScenariosIT extends OnSharedServer {
  static final String SEED_MAPPINGS =
      "[{\"jwtPath\":\"metadata.plan\",\"attribute\":\"plan\",\"required\":false,"
          + "\"defaultValue\":\"free\"},{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]";

  static final String ADMIN_ACCESS =
      """
      {"name":"admin_access","description":"Only admins reach the admin area.",
       "resources":["admin"],"actions":["*"],
       "specification":{"rules":[
         {"rule_id":"admins","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_role","value":"admin"}]}],
        "default":{"effect":"Deny"}}}
      """;

  static final String PREMIUM_FEATURES =
      """
      {"name":"premium_features","description":"Premium features for the premium plan.",
       "resources":["premium_features"],"actions":["read","use"],
       "specification":{"rules":[
         {"rule_id":"premium-plan","effect":"Allow","conditions":[
           {"function":"string_equal","attribute":"ext_plan","value":"premium"}]}],
        "default":{"effect":"Deny"}}}
      """;

  static String ws;
  static String tenant;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "seed");
    tenant = Workspaces.unique("seed");
    clerkProvider(ws, tenant, SEED_MAPPINGS);
  }

  private static String token(Map<String, Object> claims) {
    return idp.mint(tenant, claims);
  }

  private static JsonObject decide(String token, String resource, String action, String context) {
    return Checks.decide(ws, token, resource, action, context);
  }

  // ---------------------------------------------------------------- the seed's three policies

  @Test
  void adminAccessLetsAdminsDoAnythingToTheAdminResourceAndNobodyElse() {
    createPolicy(ws, ADMIN_ACCESS);
    String adminUser = token(Map.of("sub", "user_admin", "org_role", "admin"));
    String member = token(Map.of("sub", "user_member", "org_role", "member"));
    String noRole = token(Map.of("sub", "user_norole"));

    for (String action : List.of("read", "write", "delete", "impersonate")) {
      assertDecision(
          decide(adminUser, "admin", action, null), true, "rule_matched", "admin_access", "admins");
      assertDecision(
          decide(member, "admin", action, null), false, "default_effect", "admin_access", null);
      assertDecision(
          decide(noRole, "admin", action, null), false, "default_effect", "admin_access", null);
    }
    // "Admin" is not "admin": resource names and values compare exactly.
    assertDecision(
        decide(adminUser, "Admin", "read", null), false, "no_applicable_policy", null, null);
    assertDecision(
        decide(token(Map.of("sub", "user_x", "org_role", "Admin")), "admin", "read", null),
        false,
        "default_effect",
        "admin_access",
        null);
  }

  @Test
  void premiumFeaturesNeedThePremiumPlanAndATokenWithoutMetadataGetsTheFreeDefault() {
    createPolicy(ws, PREMIUM_FEATURES);
    String premium = token(Map.of("sub", "user_p", "metadata", Map.of("plan", "premium")));
    String free = token(Map.of("sub", "user_f", "metadata", Map.of("plan", "free")));
    String noMetadata = token(Map.of("sub", "user_n"));
    Map<String, Object> nullPlan = new HashMap<>();
    nullPlan.put("plan", null);
    String unsetPlan = token(Map.of("sub", "user_u", "metadata", nullPlan));

    for (String action : List.of("read", "use")) {
      assertDecision(
          decide(premium, "premium_features", action, null),
          true,
          "rule_matched",
          "premium_features",
          "premium-plan");
      for (String t : List.of(free, noMetadata, unsetPlan)) {
        assertDecision(
            decide(t, "premium_features", action, null),
            false,
            "default_effect",
            "premium_features",
            null);
      }
    }
    // The default came from the mapping: the token without metadata reads as plan "free".
    Http.Reply inspect =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/tokens/inspect",
            "{\"token\":\"" + noMetadata + "\"}");
    assertThat(inspect.data().getJsonObject("attributes").getString("ext_plan")).isEqualTo("free");
    // Actions the policy does not name are not its business.
    assertDecision(
        decide(premium, "premium_features", "delete", null),
        false,
        "no_applicable_policy",
        null,
        null);
  }

  @Test
  void orderApprovalReportsTheRuleThatDecidedEachAmount() {
    createPolicy(ws, Samples.ORDER_APPROVAL);
    String manager = token(Map.of("sub", "user_m", "org_role", "manager"));
    String member = token(Map.of("sub", "user_b", "org_role", "member"));
    String[][] cases = {
      // amount, manager's rule, member's rule ("-" = denied by default)
      {"5000", "anyone-low-value", "anyone-low-value"},
      {"10000", "anyone-low-value", "anyone-low-value"},
      {"10001", "manager-high-value", "-"},
      {"50000", "manager-high-value", "-"},
    };
    for (String[] c : cases) {
      for (String amount : List.of(c[0], "\"" + c[0] + "\"")) { // integers and digit strings
        String context = "{\"orderAmount\":" + amount + ",\"department\":\"sales\"}";
        assertDecision(
            decide(manager, "orders", "approve", context),
            true,
            "rule_matched",
            "order_approval",
            c[1]);
        JsonObject m = decide(member, "orders", "approve", context);
        if (c[2].equals("-")) {
          assertDecision(m, false, "default_effect", "order_approval", null);
        } else {
          assertDecision(m, true, "rule_matched", "order_approval", c[2]);
        }
      }
    }
    // No amount, or one that is not an integer: no rule can hold, the default denies.
    for (String context :
        List.of(
            "{}",
            "{\"orderAmount\":\"lots\"}",
            "{\"orderAmount\":12.5}",
            "{\"orderAmount\":null}")) {
      assertDecision(
          decide(manager, "orders", "approve", context),
          false,
          "default_effect",
          "order_approval",
          null);
    }
    assertDecision(
        decide(manager, "orders", "approve", null),
        false,
        "default_effect",
        "order_approval",
        null);
  }

  // ---------------------------------------------------------------- Clerk organizations

  @Test
  void orgAdminPolicyReadsTheActiveOrganizationOfAClerkV2Token() {
    createPolicy(
        ws,
        """
        {"name":"org_admin","resources":["org-settings"],"actions":["update"],
         "specification":{"rules":[
           {"rule_id":"org-admin","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_org_role","value":"org:admin"}]},
           {"rule_id":"no-active-org","effect":"Deny","conditions":[
             {"function":"attribute_absent","attribute":"ext_org_id"}]}],
          "default":{"effect":"Deny"}}}
        """);
    Map<String, Object> base = Map.of("sub", "user_2org", "sid", "sess_1", "v", 2);
    String orgAdmin = token(with(base, "o", Map.of("id", "org_1", "slg", "acme", "rol", "admin")));
    String orgMember =
        token(with(base, "o", Map.of("id", "org_1", "slg", "acme", "rol", "member")));
    String noOrg = token(base);

    assertDecision(
        decide(orgAdmin, "org-settings", "update", null),
        true,
        "rule_matched",
        "org_admin",
        "org-admin");
    assertDecision(
        decide(orgMember, "org-settings", "update", null),
        false,
        "default_effect",
        "org_admin",
        null);
    // Without an active organization the org attributes are absent (not "null" or "org:"), and a
    // policy can say so.
    assertDecision(
        decide(noOrg, "org-settings", "update", null),
        false,
        "rule_matched",
        "org_admin",
        "no-active-org");

    // The v1 shape (no v claim) says the same with org_id and org_role.
    String v1Admin = token(Map.of("sub", "user_1org", "org_id", "org_1", "org_role", "org:admin"));
    assertDecision(
        decide(v1Admin, "org-settings", "update", null),
        true,
        "rule_matched",
        "org_admin",
        "org-admin");
  }

  // ---------------------------------------------------------------- value_attribute

  @Test
  void ownershipRuleComparesTheContextsOwnerWithTheTokensSubject() {
    createPolicy(
        ws,
        """
        {"name":"document_ownership","resources":["documents"],"actions":["edit"],
         "specification":{"rules":[
           {"rule_id":"owner","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"request_metadata","metadata_key":"ownerId",
              "value_attribute":"external_subject"}]}],
          "default":{"effect":"Deny"}}}
        """);
    String alice = token(Map.of("sub", "user_alice"));
    String bob = token(Map.of("sub", "user_bob"));
    String doc = "{\"documentId\":\"doc-1\",\"ownerId\":\"user_alice\"}";

    assertDecision(
        decide(alice, "documents", "edit", doc),
        true,
        "rule_matched",
        "document_ownership",
        "owner");
    assertDecision(
        decide(bob, "documents", "edit", doc), false, "default_effect", "document_ownership", null);
    assertDecision(
        decide(alice, "documents", "edit", "{\"documentId\":\"doc-2\"}"),
        false,
        "default_effect",
        "document_ownership",
        null);
    // A number is not the subject's string, even with the same digits.
    String numeric = token(Map.of("sub", "42"));
    assertDecision(
        decide(numeric, "documents", "edit", "{\"ownerId\":42}"),
        false,
        "default_effect",
        "document_ownership",
        null);
    assertDecision(
        decide(numeric, "documents", "edit", "{\"ownerId\":\"42\"}"),
        true,
        "rule_matched",
        "document_ownership",
        "owner");
  }

  // ---------------------------------------------------------------- combining policies

  @Test
  void aDenyInOnePolicyOverridesAnAllowInAnotherWhateverTheOrder() {
    // Written deny-first and allow-first, named so that the denying policy sorts last.
    createPolicy(
        ws,
        """
        {"name":"reports_zz_block_contractors","resources":["reports"],"actions":["export"],
         "specification":{"rules":[
           {"rule_id":"everyone-else","effect":"Allow"},
           {"rule_id":"contractors","effect":"Deny","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"contractor"}]}],
          "default":{"effect":"Allow"}}}
        """);
    createPolicy(
        ws,
        """
        {"name":"reports_allow","resources":["reports"],"actions":["export","archive"],
         "specification":{"rules":[{"rule_id":"everyone","effect":"Allow"}]}}
        """);
    createPolicy(
        ws,
        """
        {"name":"reports_archive_auditors","resources":["reports"],"actions":["archive"],
         "specification":{"rules":[
           {"rule_id":"auditors","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"auditor"}]}],
          "default":{"effect":"Deny"}}}
        """);
    String contractor = token(Map.of("sub", "user_c", "org_role", "contractor"));
    String employee = token(Map.of("sub", "user_e", "org_role", "employee"));
    String auditor = token(Map.of("sub", "user_a", "org_role", "auditor"));

    // A Deny rule beats both an Allow rule of its own policy and another policy's Allow.
    assertDecision(
        decide(contractor, "reports", "export", null),
        false,
        "rule_matched",
        "reports_zz_block_contractors",
        "contractors");
    JsonObject e = decide(employee, "reports", "export", null);
    assertDecision(e, true, "rule_matched", "reports_allow", "everyone");
    // A default Deny of one applicable policy beats another policy's Allow rule.
    assertDecision(
        decide(employee, "reports", "archive", null),
        false,
        "default_effect",
        "reports_archive_auditors",
        null);
    assertDecision(
        decide(auditor, "reports", "archive", null),
        true,
        "rule_matched",
        "reports_allow",
        "everyone");
  }

  // ---------------------------------------------------------------- ip_address

  private static final String OFFICE_NETWORK =
      """
      {"name":"office_network","resources":["%s"],"actions":["read"],
       "specification":{"rules":[
         {"rule_id":"office","effect":"Allow","conditions":[
           {"function":"ip_in_cidr","attribute":"ip_address",
            "values":["203.0.113.0/24","2001:db8::/32"]}]}],
        "default":{"effect":"Deny"}}}
      """;

  @Test
  void ipInCidrReadsTheAddressTheBodyGives() {
    createPolicy(ws, OFFICE_NETWORK.formatted("intranet"));
    String t = token(Map.of("sub", "user_ip"));
    for (String[] c :
        new String[][] {
          {"203.0.113.7", "true"},
          {"203.0.113.255", "true"},
          {"203.0.114.1", "false"},
          {"198.51.100.1", "false"},
          {"2001:db8::1", "true"},
          {"2001:db9::1", "false"},
        }) {
      Http.Reply r = checkReply(anonymous, ws, checkBody(t, "intranet", "read", null, c[0]));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().getBoolean("allowed"))
          .as(c[0] + ": " + r)
          .isEqualTo(Boolean.parseBoolean(c[1]));
    }
    // Not an address: the request is refused, not decided.
    Http.Reply bad = checkReply(anonymous, ws, checkBody(t, "intranet", "read", null, "not-an-ip"));
    assertThat(ProblemAssert.pointers(bad)).containsExactly("/ipAddress");
  }

  @Test
  void ipInCidrReadsXForwardedForFromATrustedProxy() throws Exception {
    createPolicy(
        ws, OFFICE_NETWORK.replace("office_network", "office_network_xff").formatted("wiki"));
    String t = token(Map.of("sub", "user_xff"));
    String body = checkBody(t, "wiki", "read", null, null);
    // Loopback (where this test calls from) is a trusted proxy of the server under test.
    String[][] cases = {
      {null, "false"}, // the caller itself: 127.0.0.1
      {"203.0.113.9", "true"},
      {"198.51.100.2, 203.0.113.9", "true"}, // the right-most untrusted hop is the end user
      {"203.0.113.9, 198.51.100.2", "false"}, // a spoofed left-most hop is not believed
      {"203.0.113.9, 127.0.0.1", "true"}, // trusted proxies are skipped from the right
      {"2001:db8::5", "true"},
      {"garbage, 203.0.113.9", "true"},
      {"203.0.113.9, garbage", "false"}, // an unreadable hop: believe nothing to its left
    };
    for (String[] c : cases) {
      Http client = c[0] == null ? anonymous : anonymous.header("X-Forwarded-For", c[0]);
      Http.Reply r = checkReply(client, ws, body);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().getBoolean("allowed"))
          .as(c[0] + ": " + r)
          .isEqualTo(Boolean.parseBoolean(c[1]));
    }
    // The body's ipAddress wins over the header.
    Http.Reply r =
        checkReply(
            anonymous.header("X-Forwarded-For", "203.0.113.9"),
            ws,
            checkBody(t, "wiki", "read", null, "198.51.100.1"));
    assertThat(r.data().getBoolean("allowed")).as(r.toString()).isFalse();

    // A proxy that adds its own X-Forwarded-For line (as HAProxy does) after the client's: the
    // lines are one list, so the client's line is not believed.
    assertThat(twoForwardedForLines(body, "203.0.113.9", "198.51.100.2").getBoolean("allowed"))
        .isFalse();
    assertThat(twoForwardedForLines(body, "198.51.100.2", "203.0.113.9").getBoolean("allowed"))
        .isTrue();
  }

  /** A check whose request carries two X-Forwarded-For header lines, in this order. */
  private static JsonObject twoForwardedForLines(String body, String first, String second)
      throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            server.baseUrl() + "/api/v1/workspaces/" + ws + "/authorization/check"))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", first)
                    .header("X-Forwarded-For", second)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    Http.Reply reply = new Http.Reply(r);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.data();
  }

  // ---------------------------------------------------------------- time and day

  @Test
  void timeBetweenAndDayOfWeekOneOfReadTheDecisionTime() {
    // Two windows that together cover every minute of the day (the end is exclusive).
    createPolicy(
        ws,
        """
        {"name":"any_time","resources":["timesheet"],"actions":["submit"],
         "specification":{"rules":[
           {"rule_id":"day","effect":"Allow","conditions":[
             {"function":"time_between","attribute":"current_time","values":["00:00","23:59"]}]},
           {"rule_id":"last-minute","effect":"Allow","conditions":[
             {"function":"time_between","attribute":"current_time","values":["23:59","00:00"]}]}],
          "default":{"effect":"Deny"}}}
        """);
    // A window two to three hours from now cannot hold now, whatever the hour.
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    LocalTime from = now.toLocalTime().plusHours(2);
    LocalTime to = now.toLocalTime().plusHours(3);
    createPolicy(
        ws,
        """
        {"name":"later_today","resources":["timesheet"],"actions":["approve"],
         "specification":{"rules":[
           {"rule_id":"later","effect":"Allow","conditions":[
             {"function":"time_between","attribute":"current_time","values":["%s","%s"]}]}],
          "default":{"effect":"Deny"}}}
        """
            .formatted(hhmm(from), hhmm(to)));
    createPolicy(
        ws,
        """
        {"name":"every_day","resources":["calendar"],"actions":["view"],
         "specification":{"rules":[
           {"rule_id":"week","effect":"Allow","conditions":[
             {"function":"day_of_week_one_of","attribute":"day_of_week",
              "values":["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]}]}],
          "default":{"effect":"Deny"}}}
        """);
    // Neither today nor tomorrow (in case the check runs just after midnight UTC).
    DayOfWeek today = now.getDayOfWeek();
    String otherDays =
        Arrays.stream(DayOfWeek.values())
            .filter(d -> d != today && d != today.plus(1))
            .map(d -> "\"" + d.name().toLowerCase(Locale.ROOT) + "\"")
            .collect(Collectors.joining(","));
    createPolicy(
        ws,
        """
        {"name":"other_days","resources":["calendar"],"actions":["edit"],
         "specification":{"rules":[
           {"rule_id":"not-today","effect":"Allow","conditions":[
             {"function":"day_of_week_one_of","attribute":"day_of_week","values":[%s]}]}],
          "default":{"effect":"Deny"}}}
        """
            .formatted(otherDays));
    String t = token(Map.of("sub", "user_time"));

    JsonObject submit = decide(t, "timesheet", "submit", null);
    assertThat(submit.getBoolean("allowed")).as(submit.toString()).isTrue();
    assertThat(submit.getString("ruleId")).isIn("day", "last-minute");
    assertDecision(
        decide(t, "timesheet", "approve", null), false, "default_effect", "later_today", null);
    assertDecision(decide(t, "calendar", "view", null), true, "rule_matched", "every_day", "week");
    assertDecision(
        decide(t, "calendar", "edit", null), false, "default_effect", "other_days", null);
  }

  private static String hhmm(LocalTime t) {
    return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
