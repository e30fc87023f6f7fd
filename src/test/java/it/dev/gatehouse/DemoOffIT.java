package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the demo off (its default: GATEHOUSE_DEMO_ENABLED not set), nothing of it exists: no issuer,
 * no annotated sample endpoints, no {@code demo} workspace. Runs on a server of its own.
 */
class DemoOffIT {
  static LibertyServer server;
  static Http anonymous;
  static Http admin;

  @BeforeAll
  static void start() {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("GATEHOUSE_DEMO_ENABLED", null);
    server = LibertyServer.startAnother("nodemo", 100, overrides);
    anonymous = Http.anonymous(server);
    admin = Http.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  static void assertNotFound(Http.Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(404);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
    assertThat(r.header("WWW-Authenticate")).isNull();
    assertThat(r.object().getString("code")).isEqualTo("not_found");
    assertThat(r.object().getInt("status")).isEqualTo(404);
  }

  @Test
  void theIssuerDoesNotExist() {
    assertNotFound(anonymous.get("/demo/idp/.well-known/jwks.json"));
    assertNotFound(anonymous.post("/demo/idp/token", "{\"sub\":\"user_manager\"}"));
    assertNotFound(
        anonymous.header("Accept", "text/plain").post("/demo/idp/token", "{\"sub\":\"x\"}"));
  }

  @Test
  void theAnnotatedEndpointsDoNotExistRatherThanAsk401() {
    assertNotFound(anonymous.post("/demo/orders/1/approve", "{\"orderAmount\":50000}"));
    assertNotFound(anonymous.get("/demo/me"));
    assertNotFound(anonymous.get("/demo/premium"));
    // Not even with a token (which would otherwise be a 401 for its unknown issuer).
    Http withToken = anonymous.header("Authorization", "Bearer not-a-jwt");
    assertNotFound(withToken.post("/demo/orders/1/approve", "{\"orderAmount\":50000}"));
    assertNotFound(withToken.get("/demo/me"));
    assertNotFound(anonymous.header("X-Access-Token", "not-a-jwt").get("/demo/me"));
  }

  @Test
  void thereIsNoDemoWorkspace() {
    assertNotFound(admin.get("/api/v1/admin/workspaces/demo"));
    Http.Reply list = admin.get("/api/v1/admin/workspaces?limit=500");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.list().getValuesAs(jakarta.json.JsonObject.class))
        .extracting(w -> w.getString("name"))
        .doesNotContain("demo")
        .contains("default");
    assertNotFound(
        anonymous.post(
            "/api/v1/workspaces/demo/authorization/check",
            "{\"token\":\"x.y.z\",\"resource\":\"orders\",\"action\":\"approve\"}"));
  }

  /** Odd spellings of the demo's paths, byte for byte (StrictHttp): none finds the demo either. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "/demo;x/idp/token",
        "/demo/idp;x=y/token",
        "/demo/idp/token;x",
        "/demo%2Fidp/token",
        "/%64emo/idp/token",
        "//demo/idp/token",
        "/./demo/idp/token",
        "/%2e/demo/idp/token",
        "/x/../demo/idp/token",
        "/x/%2e%2e/demo/idp/token",
        "/DEMO/idp/token",
        "/demo/./idp/token",
        "/demo%5Cidp/token"
      })
  void noSpellingOfADemoPathFindsIt(String path) throws java.io.IOException {
    for (String method : java.util.List.of("GET", "POST")) {
      StrictHttp.Reply a =
          new StrictHttp(server.baseUrl())
              .send(method, path, "{\"sub\":\"x\"}", Map.of("Content-Type", "application/json"));
      assertThat(a.status()).as("%s %s -> %s", method, path, a).isIn(400, 404);
      assertThat(a.toString()).as(a.toString()).doesNotContain("\"token\"").doesNotContain("keys");
      assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/problem+json");
    }
  }

  @Test
  void theRestOfGatehouseServes() {
    Http.Reply ready = anonymous.get("/health/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(Health.readiness(ready).getBoolean("demo")).isFalse();
    assertThat(admin.get("/api/v1/admin/health").data().getBoolean("demo")).isFalse();
    assertThat(admin.get("/api/v1/admin/workspaces/default").status()).isEqualTo(200);
  }
}
