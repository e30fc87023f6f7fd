package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Token trust through the real server: the token playground, a provider's keys, providers from
 * configuration, and provider changes taking effect at once. The attack catalogue itself is covered
 * without a container in {@code dev.gatehouse.token.TokenVerifierTest}.
 */
class TokenTrustIT extends OnSharedServer {

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A workspace with a Clerk provider for a fresh IdP tenant; returns {workspace, providerId}. */
  private static String[] clerkWorkspace(String tenant) {
    String ws = unique("tt");
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}").status())
        .isEqualTo(201);
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Clerk\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\",\"authorizedParties\":[\"https://app.example.com\"],"
                + "\"claimMappings\":[{\"jwtPath\":\"metadata.plan\",\"attribute\":\"plan\","
                + "\"defaultValue\":\"free\"},{\"jwtPath\":\"email\",\"attribute\":\"email\","
                + "\"required\":true}]}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    return new String[] {ws, p.data().getString("id")};
  }

  private static JsonObject inspect(String ws, String token) {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/tokens/inspect", "{\"token\":\"" + token + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  private static Map<String, Object> clerkV2Claims() {
    return Map.of(
        "sub", "user_2abc",
        "azp", "https://app.example.com",
        "sid", "sess_1",
        "v", 2,
        "email", "ada@example.com",
        "metadata", Map.of("plan", "premium"),
        "o", Map.of("id", "org_9", "slg", "acme", "rol", "admin"));
  }

  @Test
  void inspectShowsAClerkTokensMappedAttributes() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    JsonObject d = inspect(ws[0], idp.mint(tenant, clerkV2Claims()));
    assertThat(d.getBoolean("valid")).as(d.toString()).isTrue();
    assertThat(d.isNull("code")).isTrue();
    assertThat(d.getJsonObject("provider").getString("id")).isEqualTo(ws[1]);
    assertThat(d.getJsonObject("header").getString("alg")).isEqualTo("RS256");
    JsonObject a = d.getJsonObject("attributes");
    assertThat(a.getString("ext_plan")).isEqualTo("premium");
    assertThat(a.getString("ext_email")).isEqualTo("ada@example.com");
    assertThat(a.getString("ext_org_id")).isEqualTo("org_9");
    assertThat(a.getString("ext_org_slug")).isEqualTo("acme");
    assertThat(a.getString("ext_org_role")).isEqualTo("org:admin");
    assertThat(a.getBoolean("is_external_principal")).isTrue();
    assertThat(a.getString("external_issuer")).isEqualTo(idp.issuer(tenant));
    assertThat(a.getString("external_subject")).isEqualTo("user_2abc");
  }

  @Test
  void inspectExplainsWhyATokenFails() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    long past = System.currentTimeMillis() / 1000 - 3600;
    JsonObject expired =
        inspect(ws[0], idp.mint(tenant, Map.of("sub", "u", "email", "e", "exp", past)));
    assertThat(expired.getBoolean("valid")).isFalse();
    assertThat(expired.getString("code")).isEqualTo("token_expired");
    assertThat(expired.getJsonObject("claims").getString("sub")).isEqualTo("u");
    assertThat(expired.getJsonObject("attributes")).isEmpty();

    JsonObject wrongAzp =
        inspect(ws[0], idp.mint(tenant, Map.of("sub", "u", "email", "e", "azp", "https://evil")));
    assertThat(wrongAzp.getString("code")).isEqualTo("invalid_authorized_party");

    JsonObject noEmail = inspect(ws[0], idp.mint(tenant, Map.of("sub", "u")));
    assertThat(noEmail.getString("code")).isEqualTo("missing_required_claim");

    JsonObject garbage = inspect(ws[0], "not.a.jwt");
    assertThat(garbage.getString("code")).isEqualTo("malformed_token");
    assertThat(garbage.isNull("header")).isTrue();
  }

  @Test
  void aTokenOfAnotherWorkspacesProviderIsUnknownIssuer() {
    String tenant = unique("clerk");
    clerkWorkspace(tenant);
    String[] other = clerkWorkspace(unique("clerk"));
    JsonObject d = inspect(other[0], idp.mint(tenant, clerkV2Claims()));
    assertThat(d.getString("code")).isEqualTo("unknown_issuer");
    assertThat(d.getString("detail")).contains(idp.issuer(tenant));
  }

  @Test
  void providerChangesAndDeletesTakeEffectAtOnce() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    String token = idp.mint(tenant, clerkV2Claims());
    assertThat(inspect(ws[0], token).getBoolean("valid")).isTrue();

    String path = "/api/v1/admin/workspaces/" + ws[0] + "/providers/" + ws[1];
    Http.Reply put =
        admin.put(
            path,
            "{\"name\":\"Clerk\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\",\"allowedAudiences\":[\"only-this-app\"]}");
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(inspect(ws[0], token).getString("code")).isEqualTo("invalid_audience");

    assertThat(admin.delete(path).status()).isEqualTo(204);
    assertThat(inspect(ws[0], token).getString("code")).isEqualTo("unknown_issuer");
  }

  @Test
  void keysEndpointShowsCachedKeysAndRefreshesOnDemand() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    String path = "/api/v1/admin/workspaces/" + ws[0] + "/providers/" + ws[1] + "/keys";
    JsonObject before = admin.get(path).data();
    assertThat(before.getString("state")).isEqualTo("not_fetched");
    assertThat(before.getString("jwksUri")).isEqualTo(idp.jwksUri(tenant));

    assertThat(inspect(ws[0], idp.mint(tenant, clerkV2Claims())).getBoolean("valid")).isTrue();
    JsonObject after = admin.get(path).data();
    assertThat(after.getString("state")).isEqualTo("fresh");
    assertThat(after.getJsonArray("keys").getJsonObject(0).getString("kid"))
        .isEqualTo(idp.key(tenant).getKeyID());
    assertThat(after.getJsonArray("keys").getJsonObject(0).getInt("bits")).isEqualTo(2048);
    assertThat(after.isNull("lastError")).isTrue();

    int hits = idp.jwksHits(tenant);
    Http.Reply refreshed = admin.post(path, "");
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    assertThat(idp.jwksHits(tenant)).isEqualTo(hits + 1);

    idp.setDown(tenant, true);
    try {
      JsonObject failing = admin.post(path, "").data();
      assertThat(failing.getString("state")).isEqualTo("failing");
      assertThat(failing.getString("lastError")).contains("503");
      // The last good keys keep serving through the outage.
      assertThat(failing.getJsonArray("keys")).hasSize(1);
      assertThat(inspect(ws[0], idp.mint(tenant, clerkV2Claims())).getBoolean("valid")).isTrue();
    } finally {
      idp.setDown(tenant, false);
    }
  }

  @Test
  void aRotatedKeyIsPickedUpWithoutARestart() throws InterruptedException {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    assertThat(inspect(ws[0], idp.mint(tenant, clerkV2Claims())).getBoolean("valid")).isTrue();
    idp.rotate(tenant);
    Thread.sleep(2100); // the configured unknown-kid cool-down of this server (2 s)
    JsonObject d = inspect(ws[0], idp.mint(tenant, clerkV2Claims()));
    assertThat(d.getBoolean("valid")).as(d.toString()).isTrue();
  }

  @Test
  void unreachableKeysOnAColdCacheAreJwksUnavailable() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    idp.setDown(tenant, true);
    try {
      JsonObject d = inspect(ws[0], idp.mint(tenant, clerkV2Claims()));
      assertThat(d.getBoolean("valid")).isFalse();
      assertThat(d.getString("code")).isEqualTo("jwks_unavailable");
    } finally {
      idp.setDown(tenant, false);
    }
  }

  @Test
  void theMicroProfileJwtProviderIsListedReadOnlyAndVerifies() {
    Http.Reply list = admin.get("/api/v1/admin/workspaces/default/providers?limit=500");
    JsonObject cfg =
        list.list().getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("id").equals("cfg-mp-jwt"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("cfg-mp-jwt not listed: " + list));
    assertThat(cfg.getBoolean("readOnly")).isTrue();
    assertThat(cfg.getString("configKey")).isEqualTo("mp.jwt.verify.*");
    assertThat(cfg.getString("issuer")).isEqualTo(idp.issuer(LibertyServer.MP_TENANT));
    assertThat(cfg.getJsonArray("allowedAudiences").getString(0))
        .isEqualTo(LibertyServer.MP_AUDIENCE);

    Http.Reply put =
        admin.put(
            "/api/v1/admin/workspaces/default/providers/cfg-mp-jwt",
            "{\"name\":\"x\",\"providerType\":\"oidc\",\"issuer\":\"https://x.example.com\"}");
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.object().getString("code")).isEqualTo("forbidden");
    assertThat(put.object().getString("detail")).contains("mp.jwt.verify");
    Http.Reply del = admin.delete("/api/v1/admin/workspaces/default/providers/cfg-mp-jwt");
    assertThat(del.status()).isEqualTo(403);

    String tenant = LibertyServer.MP_TENANT;
    JsonObject ok =
        inspect(
            "default",
            idp.mint(
                tenant,
                Map.of(
                    "sub", "user_1",
                    "aud", List.of(LibertyServer.MP_AUDIENCE),
                    "org_id", "org_1",
                    "org_role", "org:member")));
    assertThat(ok.getBoolean("valid")).as(ok.toString()).isTrue();
    assertThat(ok.getJsonObject("provider").getString("id")).isEqualTo("cfg-mp-jwt");
    JsonObject a = ok.getJsonObject("attributes");
    assertThat(a.getString("ext_plan")).isEqualTo("free");
    assertThat(a.getString("ext_org_id")).isEqualTo("org_1");
    assertThat(a.getString("ext_org_role")).isEqualTo("org:member");

    JsonObject noAud = inspect("default", idp.mint(tenant, Map.of("sub", "user_1")));
    assertThat(noAud.getString("code")).isEqualTo("invalid_audience");
  }

  @Test
  void aNamedConfiguredProviderUsesOidcDiscoveryInItsOwnWorkspace() {
    Http.Reply ws = admin.get("/api/v1/admin/workspaces/" + LibertyServer.PARTNER_WORKSPACE);
    assertThat(ws.status()).as(ws.toString()).isEqualTo(200);
    JsonObject d =
        inspect(
            LibertyServer.PARTNER_WORKSPACE,
            idp.mint(LibertyServer.PARTNER_TENANT, Map.of("sub", "partner-user")));
    assertThat(d.getBoolean("valid")).as(d.toString()).isTrue();
    assertThat(d.getJsonObject("provider").getString("id")).isEqualTo("cfg-partner-idp");

    JsonObject keys =
        admin
            .get(
                "/api/v1/admin/workspaces/"
                    + LibertyServer.PARTNER_WORKSPACE
                    + "/providers/cfg-partner-idp/keys")
            .data();
    assertThat(keys.getBoolean("discovery")).isTrue();
    assertThat(keys.getString("jwksUri")).isEqualTo(idp.jwksUri(LibertyServer.PARTNER_TENANT));
  }

  @Test
  void aStoredProviderCannotTakeAConfiguredIssuer() {
    Http.Reply r =
        admin.post(
            "/api/v1/admin/workspaces/default/providers",
            "{\"name\":\"dup\",\"providerType\":\"oidc\",\"issuer\":\""
                + idp.issuer(LibertyServer.MP_TENANT)
                + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.object().getString("detail")).contains("mp.jwt.verify");
  }

  @Test
  void inspectNeedsATokenString() {
    Http.Reply r = admin.post("/api/v1/admin/workspaces/default/tokens/inspect", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.object().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/token");
  }

  @Test
  void readinessShowsEachProvidersKeysAndStaysUpThroughAnOutage() {
    String tenant = unique("clerk");
    String[] ws = clerkWorkspace(tenant);
    String keys = "/api/v1/admin/workspaces/" + ws[0] + "/providers/" + ws[1] + "/keys";
    assertThat(admin.post(keys, "").data().getString("state")).isEqualTo("fresh");
    idp.setDown(tenant, true);
    try {
      assertThat(admin.post(keys, "").data().getString("state")).isEqualTo("failing");
      Http.Reply ready = Http.anonymous(server).get("/health/ready");
      assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
      JsonObject data =
          ready.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
              .filter(c -> c.getString("name").equals("gatehouse"))
              .findFirst()
              .orElseThrow()
              .getJsonObject("data");
      assertThat(data.getString("jwks." + ws[1])).isEqualTo("failing");
      assertThat(data.getInt("providersFailing")).isGreaterThanOrEqualTo(1);
      // States only: neither the provider's issuer and JWKS URL nor the fetch error.
      assertThat(ready.body()).doesNotContain(idp.issuer(tenant)).doesNotContain("127.0.0.1");
    } finally {
      idp.setDown(tenant, false);
    }
  }
}
