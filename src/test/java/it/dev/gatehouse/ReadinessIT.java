package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public readiness body holds states and counts only (docs/security.md, "Readiness and failing
 * closed"): a provider from configuration that is rejected keeps the node unready, and its error —
 * which names the configuration key and the URL — goes to the log and to the admin API's {@code GET
 * /api/v1/admin/health}, never to {@code /health/ready}. Runs on a server of its own, unready on
 * purpose.
 */
class ReadinessIT {
  static LibertyServer server;

  /** A configured provider whose JWKS URL is plain HTTP to a host that is not loopback. */
  static final String SECRET_HOST = "secret-idp.internal.example";

  @BeforeAll
  static void start() {
    server =
        LibertyServer.startAnotherUntilLive(
            "readiness",
            50,
            Map.of(
                "GATEHOUSE_PROVIDERS_SECRETIDP_ISSUER", "https://" + SECRET_HOST + "/tenant-42",
                "GATEHOUSE_PROVIDERS_SECRETIDP_JWKS_URI", "http://" + SECRET_HOST + "/jwks.json"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void aRejectedConfiguredProviderIsCountedPubliclyAndExplainedToAdminsOnly() throws Exception {
    Http.Reply ready = Http.anonymous(server).get("/health/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
    assertThat(ready.object().getString("status")).isEqualTo("DOWN");
    var data = Health.readiness(ready);
    assertThat(data.getInt("configuredProviderErrors")).isEqualTo(1);
    assertThat(data.getInt("brokenPolicies")).isZero();
    assertThat(data.getBoolean("migrated")).isTrue();
    assertThat(data.getBoolean("adminAccount")).isTrue();
    assertThat(data.getBoolean("demo")).isTrue();
    assertThat(data.keySet())
        .allMatch(
            k ->
                k.startsWith("jwks.")
                    || java.util.Set.of(
                            "migrated",
                            "adminAccount",
                            "configuredProviderErrors",
                            "brokenPolicies",
                            "demo",
                            "providers",
                            "providersFailing",
                            "changesReadMillisAgo")
                        .contains(k),
            "a state or a count");
    assertThat(ready.body())
        .doesNotContain(SECRET_HOST)
        .doesNotContain("secretidp")
        .doesNotContain("http:")
        .doesNotContain("https:");

    Http.Reply health = Http.admin(server).get("/api/v1/admin/health");
    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    assertThat(health.data().getString("status")).isEqualTo("DOWN");
    assertThat(health.data().isNull("databaseError")).isTrue();
    assertThat(health.data().getJsonArray("configuredProviderErrors")).hasSize(1);
    assertThat(health.data().getJsonArray("configuredProviderErrors").getString(0))
        .contains("gatehouse.providers.secretidp");
    assertThat(health.data().getJsonArray("brokenPolicies")).isEmpty();
    Http.Reply anonymousHealth = Http.anonymous(server).get("/api/v1/admin/health");
    ProblemAssert.assertProblem(anonymousHealth, 401, "unauthorized");
    assertThat(anonymousHealth.body()).doesNotContain(SECRET_HOST);

    assertThat(server.messagesLog()).contains("Configured provider rejected");
  }
}
