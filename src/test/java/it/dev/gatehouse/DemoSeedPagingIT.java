package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's setup finds its seed (the demo issuer's provider, the seed policies) wherever it is in
 * the {@code demo} workspace, not only on the first page of 500: a seed item deleted and put back
 * at a start sorts after everything else, and the next start must not try to create it again (a
 * conflict that would stop the application). Runs on a server of its own.
 */
class DemoSeedPagingIT {
  /** The longest page the admin lists give (PageRequest.MAX_LIMIT). */
  static final int PAGE = 500;

  static final List<String> SEED_POLICIES =
      List.of("profile_access", "admin_access", "premium_features", "order_approval");

  static LibertyServer server;
  static Http admin;
  static String issuer;

  @BeforeAll
  static void start() {
    server = LibertyServer.startAnother("demopaging", 20, Map.of());
    admin = Http.admin(server);
    issuer = "http://localhost:" + URI.create(server.baseUrl()).getPort() + "/demo/idp";
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void seedItemsBeyondTheFirstPageAreFoundAtTheNextStart() throws Exception {
    // Take the seed out, fill a whole page of each list, and start again: the seed is put back
    // behind the fillers (ids are time-ordered).
    for (JsonObject p : all("/api/v1/admin/workspaces/demo/policies")) {
      assertThat(
              admin.delete("/api/v1/admin/workspaces/demo/policies/" + p.getString("id")).status())
          .isEqualTo(204);
    }
    JsonObject demoProvider = demoIssuerProviders().get(0);
    assertThat(
            admin
                .delete("/api/v1/admin/workspaces/demo/providers/" + demoProvider.getString("id"))
                .status())
        .isEqualTo(204);
    createAll(
        "/api/v1/admin/workspaces/demo/policies",
        i ->
            "{\"name\":\"filler_"
                + i
                + "\",\"resources\":[\"filler\"],\"actions\":[\"read\"],"
                + "\"specification\":{\"rules\":[{\"rule_id\":\"r\",\"effect\":\"Allow\"}]}}");
    createAll(
        "/api/v1/admin/workspaces/demo/providers",
        i ->
            "{\"name\":\"filler "
                + i
                + "\",\"providerType\":\"oidc\",\"issuer\":\"https://filler-"
                + i
                + ".example.com\",\"jwksUri\":\"http://127.0.0.1:9/jwks.json\"}");
    server.restart();
    assertThat(server.messagesLog()).contains("Gatehouse demo is ON");
    List<String> names = policyNames();
    assertThat(names).hasSize(PAGE + SEED_POLICIES.size());
    assertThat(names.subList(PAGE, names.size()))
        .as("the seed was put back after the fillers")
        .containsExactlyInAnyOrderElementsOf(SEED_POLICIES);
    assertThat(demoIssuerProviders()).hasSize(1);

    // The next start finds them on the second page: no attempt to create them again.
    server.restart();
    String log = server.messagesLog();
    assertThat(log)
        .contains("Gatehouse demo is ON")
        .doesNotContain("already registered", "already exists", "CWWKZ0002E");
    assertThat(policyNames()).hasSize(PAGE + SEED_POLICIES.size());
    assertThat(demoIssuerProviders()).hasSize(1);
    // And the demo still decides with the provider put back.
    Http.Reply token =
        Http.anonymous(server)
            .post("/demo/idp/token", "{\"sub\":\"alice\",\"org_role\":\"manager\"}");
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    Http.Reply check =
        Http.anonymous(server)
            .post(
                "/api/v1/workspaces/demo/authorization/check",
                "{\"token\":\""
                    + token.data().getString("token")
                    + "\",\"resource\":\"orders\",\"action\":\"approve\","
                    + "\"context\":{\"orderAmount\":50000}}");
    assertThat(check.status()).as(check.toString()).isEqualTo(200);
    assertThat(check.data().getBoolean("allowed")).as(check.toString()).isTrue();
  }

  /** Creates PAGE items with 4 concurrent clients. */
  static void createAll(String path, IntFunction<String> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < PAGE; i++) {
        String json = body.apply(i);
        replies.add(pool.submit(() -> admin.post(path, json)));
      }
      for (Future<Http.Reply> f : replies) {
        Http.Reply r = f.get();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every item of a list, page after page. */
  static List<JsonObject> all(String path) {
    List<JsonObject> items = new ArrayList<>();
    String cursor = null;
    do {
      Http.Reply r =
          admin.get(path + "?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      items.addAll(r.list().getValuesAs(JsonObject.class));
      cursor = r.object().isNull("nextCursor") ? null : r.object().getString("nextCursor");
    } while (cursor != null);
    return items;
  }

  static List<String> policyNames() {
    return all("/api/v1/admin/workspaces/demo/policies").stream()
        .map(p -> p.getString("name"))
        .toList();
  }

  static List<JsonObject> demoIssuerProviders() {
    return all("/api/v1/admin/workspaces/demo/providers").stream()
        .filter(p -> p.getString("issuer").equals(issuer))
        .toList();
  }
}
