package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API needs the admin's HTTP Basic credentials; nothing else gets in
 * (docs/api.md#authentication): every refusal is 401 {@code unauthorized} with a Basic challenge
 * (429 when sign-in is throttled: AdminSignInIT).
 */
class AdminAuthIT extends OnSharedServer {
  /** A JWT-looking token whose claims would be an admin's, if claims counted. */
  static final String JWT =
      b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}")
          + "."
          + b64(
              "{\"iss\":\"https://clerk.example.com\",\"sub\":\"admin\",\"role\":\"admin\","
                  + "\"org_role\":\"org:admin\",\"exp\":4102444800}")
          + "."
          + b64("not really a signature");

  static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  static void assertUnauthorized(Http.Reply r) {
    assertProblem(r, 401, "unauthorized");
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).startsWith("Basic ");
    assertThat(r.header("WWW-Authenticate")).contains("realm=");
  }

  /** Every admin verb and kind of path, so that none of them is left unguarded. */
  static void assertEveryAdminCallRefused(Http client) {
    String body = "{\"name\":\"" + unique("intruder") + "\"}";
    assertUnauthorized(client.get("/api/v1/admin/workspaces"));
    assertUnauthorized(client.post("/api/v1/admin/workspaces", body));
    assertUnauthorized(client.get("/api/v1/admin/workspaces/default"));
    assertUnauthorized(client.put("/api/v1/admin/workspaces/default", body));
    assertUnauthorized(client.delete("/api/v1/admin/workspaces/default"));
    assertUnauthorized(client.get("/api/v1/admin/workspaces/default/providers"));
    assertUnauthorized(client.get("/api/v1/admin/workspaces/default/policies"));
  }

  @Test
  void noCredentials() {
    assertEveryAdminCallRefused(anonymous);
    assertThat(anonymous.get("/api/v1/admin/workspaces").object().getString("detail")).isNotBlank();
  }

  @Test
  void wrongPassword() {
    assertUnauthorized(
        anonymous.basic(server.adminUser(), "wrong").get("/api/v1/admin/workspaces"));
    assertUnauthorized(
        anonymous
            .basic(server.adminUser(), server.adminPassword() + "x")
            .get("/api/v1/admin/workspaces"));
    assertUnauthorized(anonymous.basic(server.adminUser(), "").get("/api/v1/admin/workspaces"));
  }

  @Test
  void wrongUser() {
    assertUnauthorized(
        anonymous
            .basic("not-" + server.adminUser(), server.adminPassword())
            .get("/api/v1/admin/workspaces"));
    assertUnauthorized(
        anonymous
            .basic(server.adminUser().toUpperCase(), server.adminPassword())
            .get("/api/v1/admin/workspaces"));
  }

  @Test
  void aBearerTokenNeverAuthenticatesTheAdminApi() {
    assertEveryAdminCallRefused(anonymous.header("Authorization", "Bearer " + JWT));
    assertUnauthorized(
        anonymous.header("Authorization", "bearer " + JWT).get("/api/v1/admin/workspaces"));
    // Not even beside the right credentials in another header.
    assertUnauthorized(
        anonymous
            .header("Authorization", "Bearer " + JWT)
            .header(
                "X-Admin-Authorization", basic(server.adminUser() + ":" + server.adminPassword()))
            .get("/api/v1/admin/workspaces"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Basic",
        "Basic ",
        "Basic !!!not-base64!!!",
        "Basic YWRtaW4", // "admin": no colon
        "Basic Og==", // ":" empty user and password
        "Basic dXNlcjpwYXNz extra",
        "Digest username=\"admin\"",
        "Negotiate abc",
        "Token abc",
        "admin:password"
      })
  void malformedOrForeignAuthorizationHeaders(String value) {
    assertUnauthorized(anonymous.header("Authorization", value).get("/api/v1/admin/workspaces"));
  }

  @Test
  void theBasicSchemeIsCaseInsensitive() {
    String credentials = server.adminUser() + ":" + server.adminPassword();
    for (String scheme : List.of("Basic", "basic", "BASIC")) {
      String value =
          scheme
              + " "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      Http.Reply r = anonymous.header("Authorization", value).get("/api/v1/admin/workspaces");
      assertThat(r.status()).as(scheme + ": " + r).isEqualTo(200);
    }
  }

  @Test
  void theRightCredentialsStillWorkAfterWrongOnes() {
    assertUnauthorized(anonymous.basic(server.adminUser(), "nope").get("/api/v1/admin/workspaces"));
    Http.Reply r = Http.admin(server).get("/api/v1/admin/workspaces");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Other spellings of an admin path must not slip past the guard. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/admin",
        "/api/v1/admin/",
        "/api/v1/admin/nope",
        "/api/v1/admin/workspaces/",
        "/api/v1//admin/workspaces",
        "//api/v1/admin/workspaces",
        "/api/v1/./admin/workspaces",
        "/api/v1/%61dmin/workspaces",
        "/api/v1/admin;jsessionid=x/workspaces",
        "/api;x=y/v1/admin/workspaces",
        "/api/v1/admin/workspaces?limit=1",
        "/api/v1/other/../admin/workspaces"
      })
  void noSpellingOfAnAdminPathSkipsAuthentication(String path) {
    for (String method : List.of("GET", "POST", "DELETE")) {
      Http.Reply r = anonymous.send(method, path, "{\"name\":\"x\"}", "application/json");
      assertNoLeak(r);
      assertThat(r.status()).as("%s %s -> %s", method, path, r).isIn(400, 401, 404);
      if (r.status() == 401) {
        assertUnauthorized(r);
      }
      if (r.status() == 400) { // an ambiguous spelling, refused before any guard (PathSpellingIT)
        assertProblem(r, 400, "validation_failed");
      }
    }
  }

  @Test
  void unknownAdminPathsAre401NotA404Oracle() {
    assertUnauthorized(anonymous.get("/api/v1/admin/nope"));
    assertUnauthorized(anonymous.get("/api/v1/admin/workspaces/no-such/providers/123"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/health/ready", "/health/live"})
  void healthNeedsNoCredentials(String path) {
    Http.Reply r = anonymous.get(path);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.object().getString("status")).isEqualTo("UP");
    assertNoLeak(r);
    // A Bearer token or wrong credentials do not get in its way either.
    assertThat(anonymous.header("Authorization", "Bearer " + JWT).get(path).status())
        .isEqualTo(200);
  }
}
