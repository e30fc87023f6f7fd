package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No state-changing call can be made by another site's form or preflight-free script, even with the
 * admin's Basic credentials that a browser caches and sends along (docs/security.md "Outbound
 * fetches, the demo, paths and cross-site requests"): every POST and PUT with a form's content
 * type, {@code text/plain} or none gets 415 {@code unsupported_media_type} and changes nothing.
 */
class CrossSiteIT extends OnSharedServer {
  /** What a cross-site form or a simple request can declare; null: no Content-Type at all. */
  static final List<String> SIMPLE_TYPES =
      Arrays.asList(
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=xyz",
          "text/plain",
          "text/plain; charset=UTF-8",
          null);

  static String ws;
  static String tenant;
  static String providerId;
  static String policyId;

  @BeforeAll
  static void setUp() {
    ws = createWorkspace(admin, "csrf");
    tenant = unique("csrf");
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Clerk\",\"providerType\":\"clerk\",\"issuer\":\""
                + idp.issuer(tenant)
                + "\"}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    providerId = p.data().getString("id");
    Http.Reply pol = admin.post("/api/v1/admin/workspaces/" + ws + "/policies", policy("p1"));
    assertThat(pol.status()).as(pol.toString()).isEqualTo(201);
    policyId = pol.data().getString("id");
  }

  static String policy(String name) {
    return "{\"name\":\""
        + name
        + "\",\"resources\":[\"orders\"],\"actions\":[\"approve\"],"
        + "\"specification\":{\"rules\":[{\"rule_id\":\"r\",\"effect\":\"Allow\","
        + "\"conditions\":[{\"function\":\"attribute_present\",\"attribute\":\"resource\"}]}],"
        + "\"default\":{\"effect\":\"Deny\"}}}";
  }

  /** Every POST and PUT of the API and the demo, with a body that would be accepted as JSON. */
  static List<String[]> stateChangingCalls() {
    String base = "/api/v1/admin/workspaces/" + ws;
    String token = idp.mint(tenant, java.util.Map.of("sub", "user_1"));
    String check = "{\"token\":\"" + token + "\",\"resource\":\"orders\",\"action\":\"approve\"}";
    List<String[]> calls = new ArrayList<>();
    calls.add(
        new String[] {"POST", "/api/v1/admin/workspaces", "{\"name\":\"" + unique("x") + "\"}"});
    calls.add(new String[] {"PUT", base, "{\"name\":\"" + ws + "\",\"description\":\"pwned\"}"});
    calls.add(
        new String[] {
          "POST",
          base + "/providers",
          "{\"name\":\"Evil\",\"providerType\":\"clerk\",\"issuer\":\"https://evil.example.com\"}"
        });
    calls.add(
        new String[] {
          "PUT",
          base + "/providers/" + providerId,
          "{\"name\":\"pwned\",\"providerType\":\"clerk\",\"issuer\":\""
              + idp.issuer(tenant)
              + "\"}"
        });
    calls.add(new String[] {"POST", base + "/providers/" + providerId + "/keys", ""});
    calls.add(new String[] {"POST", base + "/policies", policy("evil")});
    calls.add(new String[] {"PUT", base + "/policies/" + policyId, policy("pwned")});
    calls.add(new String[] {"POST", base + "/tokens/inspect", "{\"token\":\"" + token + "\"}"});
    calls.add(new String[] {"POST", base + "/authorization/explain", check});
    calls.add(new String[] {"POST", "/api/v1/workspaces/" + ws + "/authorization/check", check});
    calls.add(
        new String[] {
          "POST",
          "/api/v1/workspaces/" + ws + "/authorization/check-batch",
          "{\"token\":\""
              + token
              + "\",\"checks\":[{\"resource\":\"orders\",\"action\":\"approve\"}]}"
        });
    calls.add(new String[] {"POST", "/demo/idp/token", "{\"sub\":\"user_manager\"}"});
    calls.add(new String[] {"POST", "/demo/orders/1/approve", "{\"orderAmount\":5}"});
    calls.add(new String[] {"POST", "/demo/floor", check});
    return calls;
  }

  @Test
  void noFormOrSimpleRequestReachesAStateChangingEndpoint() {
    JsonObject workspaceBefore = admin.get("/api/v1/admin/workspaces/" + ws).data();
    JsonObject providerBefore = provider();
    JsonObject policyBefore =
        admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId).data();
    int workspacesBefore = count("/api/v1/admin/workspaces?limit=500");
    int providersBefore = count("/api/v1/admin/workspaces/" + ws + "/providers");
    int policiesBefore = count("/api/v1/admin/workspaces/" + ws + "/policies");

    for (String[] call : stateChangingCalls()) {
      for (String type : SIMPLE_TYPES) {
        Http.Reply r = admin.send(call[0], call[1], call[2], type);
        assertNoLeak(r);
        assertThat(r.status()).as("%s %s as %s -> %s", call[0], call[1], type, r).isEqualTo(415);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object().getString("code")).isEqualTo("unsupported_media_type");
      }
    }

    assertThat(admin.get("/api/v1/admin/workspaces/" + ws).data()).isEqualTo(workspaceBefore);
    assertThat(provider()).isEqualTo(providerBefore);
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId).data())
        .isEqualTo(policyBefore);
    assertThat(count("/api/v1/admin/workspaces?limit=500")).isEqualTo(workspacesBefore);
    assertThat(count("/api/v1/admin/workspaces/" + ws + "/providers")).isEqualTo(providersBefore);
    assertThat(count("/api/v1/admin/workspaces/" + ws + "/policies")).isEqualTo(policiesBefore);
    // The refused refreshes fetched nothing: the keys were never fetched at all.
    assertThat(idp.jwksHits(tenant)).isZero();
    assertThat(keys().getString("state")).isEqualTo("not_fetched");
  }

  @Test
  void refreshingKeysWorksWithJsonDeclaredAndNoBody() {
    String t = unique("csrf-ok");
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Ok\",\"providerType\":\"clerk\",\"issuer\":\"" + idp.issuer(t) + "\"}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String path =
        "/api/v1/admin/workspaces/" + ws + "/providers/" + p.data().getString("id") + "/keys";
    Http.Reply empty = admin.send("POST", path, (String) null, "application/json");
    assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
    assertThat(empty.data().getString("state")).isEqualTo("fresh");
    Http.Reply withObject = admin.send("POST", path, "{}", "application/json; charset=UTF-8");
    assertThat(withObject.status()).as(withObject.toString()).isEqualTo(200);
    assertThat(idp.jwksHits(t)).isEqualTo(2);
  }

  @Test
  void withoutCredentialsTheAnswerIsStill401() {
    Http.Reply r =
        anonymous.send(
            "POST",
            "/api/v1/admin/workspaces/" + ws + "/providers/" + providerId + "/keys",
            (String) null,
            null);
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
  }

  @Test
  void deletesNeedNoContentTypeForNoBrowserSendsThemCrossSiteWithoutAPreflight() {
    String gone = createWorkspace(admin, "csrf-del");
    assertThat(admin.delete("/api/v1/admin/workspaces/" + gone).status()).isEqualTo(204);
    // No CORS: a preflight gets no Access-Control-Allow-* header, so a browser sends no DELETE.
    Http.Reply preflight =
        anonymous
            .header("Origin", "https://evil.example.com")
            .header("Access-Control-Request-Method", "DELETE")
            .send("OPTIONS", "/api/v1/admin/workspaces/" + ws, (String) null, null);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
    assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
  }

  static JsonObject provider() {
    return admin.get("/api/v1/admin/workspaces/" + ws + "/providers/" + providerId).data();
  }

  static JsonObject keys() {
    return admin
        .get("/api/v1/admin/workspaces/" + ws + "/providers/" + providerId + "/keys")
        .data();
  }

  static int count(String path) {
    Http.Reply r = admin.get(path);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.list().size();
  }
}
