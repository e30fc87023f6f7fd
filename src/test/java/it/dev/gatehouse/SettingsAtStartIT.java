package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configuration is read once, at start, into one settings record per area (docs/configuration.md):
 * a bad value is reported while the server starts, not at the first request that happens to need
 * it, and the admin API takes {@code gatehouse.dev.allow-http-jwks} from the token settings
 * (docs/configuration.md#development-switch). Runs on a server of its own, started with the switch
 * on, a trusted-proxies entry that is not a CIDR, a zero cache TTL (out of range) and a zero
 * refresh cool-down (allowed).
 */
class SettingsAtStartIT {
  static final String STARTED = "CWWKZ0001I: Application gatehouse started";

  static LibertyServer server;
  static Http admin;
  static String startLog;

  @BeforeAll
  static void start() throws IOException {
    server =
        LibertyServer.startAnother(
            "settings",
            110,
            Map.of(
                "GATEHOUSE_DEV_ALLOW_HTTP_JWKS", "true",
                "GATEHOUSE_TRUSTED_PROXIES", "127.0.0.0/8,proxy.internal",
                "GATEHOUSE_JWKS_CACHE_TTL", "0",
                "GATEHOUSE_JWKS_REFRESH_COOLDOWN", "0"));
    // Before any request of these tests: what the start itself logged.
    startLog = server.messagesLog();
    admin = Http.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  /** The lines the start logged before the application said it had started. */
  static String beforeStarted() {
    int at = startLog.indexOf(STARTED);
    assertThat(at).as("the start log has " + STARTED).isPositive();
    return startLog.substring(0, at);
  }

  @Test
  void aTrustedProxyThatIsNotACidrIsReportedWhileTheServerStarts() {
    assertThat(beforeStarted())
        .contains("gatehouse.trusted-proxies: 'proxy.internal' is not a CIDR and is ignored");
  }

  @Test
  void aZeroCacheTtlIsReportedButAZeroRefreshCooldownIsAllowed() {
    assertThat(beforeStarted())
        .contains("gatehouse.jwks.cache-ttl must be more than 0 seconds; using 300")
        .doesNotContain("gatehouse.jwks.refresh-cooldown must");
  }

  @Test
  void theAdminApiAcceptsPlainHttpForANonLoopbackHostWhenTheSwitchIsOn() {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/default/providers",
            "{\"name\":\"plain\",\"providerType\":\"oidc\","
                + "\"issuer\":\"http://issuer.example.com\","
                + "\"jwksUri\":\"http://keys.example.com/jwks.json\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.data().getString("issuer")).isEqualTo("http://issuer.example.com");
    assertThat(r.data().getString("jwksUri")).isEqualTo("http://keys.example.com/jwks.json");
  }

  @Test
  void theSwitchOpensPlainHttpOnlyNotOtherSchemes() {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/default/providers",
            "{\"name\":\"ftp\",\"providerType\":\"oidc\","
                + "\"issuer\":\"http://other.example.com\","
                + "\"jwksUri\":\"ftp://keys.example.com/jwks\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.object().getString("code")).isEqualTo("validation_failed");
  }
}
