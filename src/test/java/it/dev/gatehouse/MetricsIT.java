package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics as Prometheus scrapes it: checks through the check API, the batch API and the
 * interceptor move Gatehouse's counters by exactly what was asked (read before and after: other
 * tests share the server), and the state gauges say what the audit log and the caches hold.
 */
class MetricsIT extends OnSharedServer {
  static String ws;
  static String tenant;
  static String downTenant;
  static String providerId;
  static String downProviderId;

  @BeforeAll
  static void setUp() {
    ws = "met-" + UUID.randomUUID().toString().substring(0, 8);
    tenant = "met-" + UUID.randomUUID().toString().substring(0, 8);
    downTenant = "metdown-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}").status())
        .isEqualTo(201);
    providerId = provider("Clerk", tenant);
    idp.setDown(downTenant, true);
    downProviderId = provider("Down", downTenant);
    Http.Reply pol =
        admin.post("/api/v1/admin/workspaces/" + ws + "/policies", Samples.ORDER_APPROVAL);
    assertThat(pol.status()).as(pol.toString()).isEqualTo(201);
  }

  static String provider(String name, String idpTenant) {
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\""
                + name
                + "\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(idpTenant)
                + "\",\"claimMappings\":[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    return p.data().getString("id");
  }

  static Http.Reply check(String token, String resource, int amount) {
    return anonymous.post(
        "/api/v1/workspaces/" + ws + "/authorization/check",
        "{\"token\":\""
            + token
            + "\",\"resource\":\""
            + resource
            + "\",\"action\":\"approve\",\"context\":{\"orderAmount\":"
            + amount
            + "}}");
  }

  /**
   * A scrape taken once the audit writer has nothing left from earlier tests: the queue is empty
   * and the written count holds still.
   */
  static Scrape quietAudit() throws InterruptedException {
    Scrape last = Scrape.of(anonymous);
    for (int i = 0; i < 50; i++) {
      Thread.sleep(250);
      Scrape now = Scrape.of(anonymous);
      if (now.value("gatehouse_audit_queue_depth", Map.of()) == 0
          && now.value("gatehouse_audit_written", Map.of())
              == last.value("gatehouse_audit_written", Map.of())) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("the audit writer did not settle");
  }

  /** A token from the demo issuer (the shared server runs the demo). */
  static String demoToken(String claims) {
    Http.Reply r = anonymous.post("/demo/idp/token", claims);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data().getString("token");
  }

  /** The demo's {@code @ExternalAuthorize}d endpoint. */
  static Http.Reply approve(String token, String amount) {
    return anonymous
        .header("Authorization", "Bearer " + token)
        .post(
            "/demo/orders/met-" + UUID.randomUUID().toString().substring(0, 8) + "/approve",
            "{\"orderAmount\":" + amount + "}");
  }

  @Test
  void everyCheckIsCountedByDecisionAndReasonAndTimed() throws InterruptedException {
    String manager = idp.mint(tenant, Map.of("sub", "user_m", "org_role", "manager"));
    String member = idp.mint(tenant, Map.of("sub", "user_b", "org_role", "member"));
    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired = idp.mint(tenant, Map.of("sub", "user_x", "exp", past));
    String demoManager = demoToken("{\"sub\":\"user_manager\",\"org_role\":\"manager\"}");
    String demoMember = demoToken("{\"sub\":\"user_member\",\"org_role\":\"member\"}");
    Scrape before = quietAudit();

    // check API: 3 allows, 2 default-effect denies, 1 no applicable policy, 2 expired, 1 malformed
    for (int i = 0; i < 3; i++) {
      assertThat(check(manager, "orders", 20000).data().getBoolean("allowed")).isTrue();
    }
    for (int i = 0; i < 2; i++) {
      assertThat(check(member, "orders", 50000).data().getBoolean("allowed")).isFalse();
    }
    assertThat(check(manager, "invoices", 1).data().getString("reason"))
        .isEqualTo("no_applicable_policy");
    for (int i = 0; i < 2; i++) {
      assertThat(check(expired, "orders", 1).status()).isEqualTo(401);
    }
    assertThat(check("not-a-token", "orders", 1).status()).isEqualTo(401);
    // a provider whose keys cannot be had: 503, a failed fetch
    Http.Reply down =
        check(idp.mint(downTenant, Map.of("sub", "user_d", "org_role", "manager")), "orders", 1);
    assertThat(down.status()).as(down.toString()).isEqualTo(503);
    // batch API: one call of three decisions
    Http.Reply batch =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check-batch",
            "{\"token\":\""
                + member
                + "\",\"checks\":["
                + "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":5}},"
                + "{\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":50000}},"
                + "{\"resource\":\"invoices\",\"action\":\"read\"}]}");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
    // @ExternalAuthorize (the demo's annotated endpoint): one allow, one deny
    assertThat(approve(demoManager, "20000").status()).isEqualTo(200);
    assertThat(approve(demoMember, "50000").status()).isEqualTo(403);

    Scrape after = Scrape.of(anonymous);
    Map<String, Double> expected = new HashMap<>();
    expected.put("check|allow|rule_matched", 3.0);
    expected.put("check|deny|default_effect", 2.0);
    expected.put("check|deny|no_applicable_policy", 1.0);
    expected.put("check|error|token_expired", 2.0);
    expected.put("check|error|malformed_token", 1.0);
    expected.put("check|error|jwks_unavailable", 1.0);
    expected.put("batch|allow|rule_matched", 1.0);
    expected.put("batch|deny|default_effect", 1.0);
    expected.put("batch|deny|no_applicable_policy", 1.0);
    expected.put("interceptor|allow|rule_matched", 1.0);
    expected.put("interceptor|deny|default_effect", 1.0);
    for (var e : expected.entrySet()) {
      String[] t = e.getKey().split("\\|");
      Map<String, String> tags = Map.of("source", t[0], "decision", t[1], "reason", t[2]);
      assertThat(after.minus(before, "gatehouse_checks_total", tags))
          .as("gatehouse_checks_total%s", tags)
          .isEqualTo(e.getValue());
    }
    assertThat(
            after.minus(before, "gatehouse_token_failures_total", Map.of("code", "token_expired")))
        .isEqualTo(2.0);
    assertThat(
            after.minus(
                before, "gatehouse_token_failures_total", Map.of("code", "malformed_token")))
        .isEqualTo(1.0);
    assertThat(
            after.minus(
                before, "gatehouse_token_failures_total", Map.of("code", "jwks_unavailable")))
        .isEqualTo(1.0);

    // one observation per call: 10 check calls, 1 batch call, 2 interceptor calls
    assertThat(
            after.minus(
                before, "gatehouse_check_duration_seconds_count", Map.of("source", "check")))
        .isEqualTo(10.0);
    assertThat(
            after.minus(
                before, "gatehouse_check_duration_seconds_count", Map.of("source", "batch")))
        .isEqualTo(1.0);
    assertThat(
            after.minus(
                before, "gatehouse_check_duration_seconds_count", Map.of("source", "interceptor")))
        .isEqualTo(2.0);
    assertThat(
            after.minus(before, "gatehouse_check_duration_seconds_sum", Map.of("source", "check")))
        .isGreaterThan(0.0);

    // Token cache: each new token is a miss (manager, member, expired twice, the malformed one, the
    // down provider's, both demo tokens); every repeat of a verified token is a hit.
    assertThat(after.minus(before, "gatehouse_token_cache_misses_total", Map.of())).isEqualTo(8.0);
    assertThat(after.minus(before, "gatehouse_token_cache_hits_total", Map.of())).isEqualTo(5.0);
    assertThat(after.value("gatehouse_token_cache_size", Map.of())).isGreaterThanOrEqualTo(4.0);

    // JWKS: our provider's keys were fetched as often as the IdP served them, without failure; the
    // down provider's fetch failed.
    Map<String, String> ours = Map.of("provider", providerId);
    assertThat(after.value("gatehouse_jwks_fetches_total", ours))
        .isEqualTo((double) idp.jwksHits(tenant))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(after.value("gatehouse_jwks_failures_total", ours)).isEqualTo(0.0);
    Map<String, String> theirs = Map.of("provider", downProviderId);
    assertThat(after.value("gatehouse_jwks_failures_total", theirs))
        .isGreaterThanOrEqualTo(1.0)
        .isEqualTo(after.value("gatehouse_jwks_fetches_total", theirs));
    assertThat(after.value("gatehouse_key_cache_providers", Map.of())).isGreaterThanOrEqualTo(2.0);
    assertThat(after.value("gatehouse_key_cache_keys", Map.of())).isGreaterThanOrEqualTo(1.0);

    // Audit: the 15 records (every check, batch item, interceptor decision and refused token) are
    // written, none dropped.
    Scrape written = after;
    for (int i = 0; i < 100; i++) {
      written = Scrape.of(anonymous);
      if (written.minus(before, "gatehouse_audit_written", Map.of()) >= 15) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(written.minus(before, "gatehouse_audit_written", Map.of())).isEqualTo(15.0);
    // On Derby the records go through the audit journal (docs/metrics.md): journaled as many, and
    // the journal empties once they are in the database.
    if (LibertyServer.EXTERNAL_DB_URL.isEmpty()) {
      assertThat(written.minus(before, "gatehouse_audit_journaled", Map.of())).isEqualTo(15.0);
      assertThat(written.value("gatehouse_audit_journal_backlog_bytes", Map.of())).isEqualTo(0.0);
    }
    assertThat(written.value("gatehouse_audit_dropped", Map.of())).isEqualTo(0.0);
    assertThat(written.has("gatehouse_audit_dropped")).isTrue();
    assertThat(written.value("gatehouse_audit_queue_capacity", Map.of())).isEqualTo(10000.0);
    assertThat(written.value("gatehouse_audit_queue_depth", Map.of()))
        .isBetween(0.0, written.value("gatehouse_audit_queue_capacity", Map.of()));
  }

  @Test
  void metricsAreOpenWithoutCredentialsByDefault() {
    Http.Reply all = anonymous.header("Accept", "text/plain").get("/metrics");
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.header("Content-Type")).startsWith("text/plain");
    assertThat(all.body()).contains("# TYPE gatehouse_checks_total counter");
    assertThat(all.body()).contains("jvm_uptime_seconds");

    Http.Reply app = anonymous.header("Accept", "text/plain").get("/metrics?scope=application");
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    assertThat(app.body())
        .contains("gatehouse_checks_total{")
        .contains("gatehouse_audit_dropped")
        .doesNotContain("jvm_uptime_seconds");
  }

  @Test
  void anUnknownScopeIsNotAServerError() {
    Http.Reply r = anonymous.header("Accept", "text/plain").get("/metrics?scope=nonsense");
    assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    assertThat(r.body()).doesNotContain("Exception");
  }

  @Test
  void noPerRequestServletOrRestStatisticsAreKept() {
    // server.xml's <monitor filter> leaves them out: the check path is not timed twice.
    Http.Reply r = anonymous.header("Accept", "text/plain").get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("servlet_request_total").doesNotContain("REST_request");
  }
}
