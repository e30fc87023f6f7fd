package it.dev.gatehouse;

import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A discovery document may not aim Gatehouse at internal services (docs/security.md "Outbound
 * fetches, the demo, paths and cross-site requests"), on the live server. The refused URLs are ones
 * that could only ever lead back to this machine, so that no test sends a packet off loopback even
 * if the refusal were broken; other address kinds are covered by AddressPolicyTest and
 * DiscoveredJwksAddressTest.
 */
class DiscoveryAddressIT extends OnSharedServer {
  /** An OIDC provider for {@code tenant} of the shared IdP, in a new workspace: {ws, id}. */
  static String[] oidcProvider(String tenant) {
    String ws = createWorkspace(admin, "ssrf");
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Internal\",\"providerType\":\"oidc\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\"}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    return new String[] {ws, p.data().getString("id")};
  }

  static Http.Reply check(String ws, String token) {
    return anonymous.post(
        "/api/v1/workspaces/" + ws + "/authorization/check",
        "{\"token\":\"" + token + "\",\"resource\":\"orders\",\"action\":\"approve\"}");
  }

  @Test
  void aDiscoveredJwksUriOnTheUnspecifiedAddressIsRefusedAndChecksGet503() {
    String tenant = unique("ssrf");
    idp.discoveryJwksUri(tenant, "https://0.0.0.0:1/jwks");
    String[] p = oidcProvider(tenant);
    String keys = "/api/v1/admin/workspaces/" + p[0] + "/providers/" + p[1] + "/keys";

    JsonObject state = admin.post(keys, "").data();
    assertThat(state.getString("state")).isEqualTo("failing");
    assertThat(state.getString("lastError"))
        .contains("refusing to fetch https://0.0.0.0:1/jwks, which the discovery document names")
        .contains("0.0.0.0 (never)");

    Http.Reply r = check(p[0], idp.mint(tenant, Map.of("sub", "user_1")));
    assertThat(r.status()).as(r.toString()).isEqualTo(503);
    assertThat(r.object().getString("code")).isEqualTo("jwks_unavailable");
    assertThat(r.header("Retry-After")).isNotNull();
  }

  @Test
  void aLoopbackIssuerMayNameAJwksUriOnAnotherLoopbackName() {
    String tenant = unique("internal");
    String viaLocalhost = idp.jwksUri(tenant).replace("127.0.0.1", "localhost");
    idp.discoveryJwksUri(tenant, viaLocalhost);
    String[] p = oidcProvider(tenant);
    String keys = "/api/v1/admin/workspaces/" + p[0] + "/providers/" + p[1] + "/keys";

    JsonObject state = admin.post(keys, "").data();
    assertThat(state.getString("state")).as(state.toString()).isEqualTo("fresh");
    assertThat(state.getString("jwksUri")).isEqualTo(viaLocalhost);
    Http.Reply r = check(p[0], idp.mint(tenant, Map.of("sub", "user_1")));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }
}
