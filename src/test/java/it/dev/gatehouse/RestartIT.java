package it.dev.gatehouse;

import static it.dev.gatehouse.Workspaces.createWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an admin wrote survives a restart of the server on the same database, and the admin password
 * is generated once only (docs/configuration.md#the-admin-password).
 */
class RestartIT {
  static LibertyServer server;

  @BeforeAll
  static void start() {
    server = LibertyServer.shared();
  }

  @Test
  void everythingSurvivesARestartAndNoNewPasswordIsMade() throws Exception {
    Http admin = Http.admin(server);
    String password = server.adminPassword();
    String ws = createWorkspace(admin, "restart");
    String base = "/api/v1/admin/workspaces/" + ws;

    Http.Reply p =
        admin.post(
            base + "/providers", Samples.providerExample("https://clerk.restart.example.com"));
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String providerId = p.data().getString("id");
    // An updated item too, so that a version other than the first is kept.
    Http.Reply pu =
        admin.put(
            base + "/providers/" + providerId,
            jakarta.json.Json.createObjectBuilder(p.data())
                .add("name", "Updated before restart")
                .build()
                .toString());
    assertThat(pu.status()).as(pu.toString()).isEqualTo(200);
    Http.Reply q = admin.post(base + "/policies", Samples.orderApproval("order_approval"));
    assertThat(q.status()).as(q.toString()).isEqualTo(201);
    String policyId = q.data().getString("id");

    JsonObject wsBefore = admin.get(base).data();
    JsonObject providerBefore = admin.get(base + "/providers/" + providerId).data();
    JsonObject policyBefore = admin.get(base + "/policies/" + policyId).data();
    JsonObject defaultBefore = admin.get("/api/v1/admin/workspaces/default").data();
    assertThat(providerBefore.getString("name")).isEqualTo("Updated before restart");

    server.restart();

    String log = server.messagesLog();
    assertThat(log).as("the restarted server's log").isNotBlank();
    assertThat(log).doesNotContain("generated the admin password");
    assertThat(log).doesNotContain(password);
    assertThat(server.adminPassword()).isEqualTo(password);

    Http anonymous = Http.anonymous(server);
    Http.Reply ready = anonymous.get("/health/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.object().getString("status")).isEqualTo("UP");

    // The old password still works (a fresh client, and the one from before the restart).
    Http after = Http.admin(server);
    Http.Reply wsAfter = after.get(base);
    assertThat(wsAfter.status()).as(wsAfter.toString()).isEqualTo(200);
    assertThat(wsAfter.data()).isEqualTo(wsBefore);
    assertThat(admin.get(base + "/providers/" + providerId).data()).isEqualTo(providerBefore);
    Http.Reply policyAfter = after.get(base + "/policies/" + policyId);
    assertThat(policyAfter.data()).isEqualTo(policyBefore);
    assertThat(policyAfter.header("ETag"))
        .isEqualTo("\"" + policyBefore.getJsonNumber("version").longValue() + "\"");
    assertThat(after.get("/api/v1/admin/workspaces/default").data()).isEqualTo(defaultBefore);

    // Writes keep working, with the versions going on from where they were.
    Http.Reply pu2 =
        after.put(
            base + "/providers/" + providerId,
            jakarta.json.Json.createObjectBuilder(providerBefore)
                .add("name", "Updated after restart")
                .build()
                .toString());
    assertThat(pu2.status()).as(pu2.toString()).isEqualTo(200);
    assertThat(pu2.data().getJsonNumber("version").longValue())
        .isGreaterThan(providerBefore.getJsonNumber("version").longValue());
    // A stale version from before the restart is still stale.
    Http.Reply stale =
        after.put(
            base + "/providers/" + providerId,
            jakarta.json.Json.createObjectBuilder(p.data()).add("name", "x").build().toString());
    ProblemAssert.assertProblem(stale, 409, "conflict");

    // Wrong credentials are still refused after the restart.
    ProblemAssert.assertProblem(
        anonymous.basic(server.adminUser(), password + "x").get("/api/v1/admin/workspaces"),
        401,
        "unauthorized");
  }
}
