package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records an impact analysis cannot replay are counted by their reason, never guessed
 * (docs/api.md#impact-analysis): on a server of its own that keeps only the context's keys ({@code
 * gatehouse.audit.context=keys}) and at most 1,024 characters of attributes.
 */
class ImpactNotKeptIT {
  static LibertyServer server;
  static Http admin;
  static Http anonymous;

  @BeforeAll
  static void start() {
    server =
        LibertyServer.startAnother(
            "impactkeys",
            LibertyServer.offsetBelowEphemeral(160),
            Map.of(
                "GATEHOUSE_AUDIT_CONTEXT", "keys", "GATEHOUSE_AUDIT_ATTRIBUTES_MAX_CHARS", "1024"));
    admin = Http.admin(server);
    anonymous = Http.anonymous(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void countsRecordsWhoseInputsWereNotKeptByReason() {
    ItIdp idp = ItIdp.shared();
    String ws = Workspaces.createWorkspace(admin, "impact-keys");
    String tenant = Workspaces.unique("impact-keys");
    Workspaces.clerkProvider(
        admin, ws, tenant, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    Workspaces.createPolicy(admin, ws, ImpactIT.DOCS);
    // Context kept as its keys only: not replayable.
    decide(ws, idp.mint(tenant, Map.of("sub", "short", "org_role", "lead")));
    decide(ws, idp.mint(tenant, Map.of("sub", "short-2", "org_role", "lead")));
    // Attributes longer than 1,024 characters: cut, not replayable.
    decide(ws, idp.mint(tenant, Map.of("sub", "long", "org_role", "lead-" + "x".repeat(3000))));
    Http.Reply refused =
        Checks.checkReply(
            anonymous, ws, Checks.checkBody("not-a-token", "documents", "read", "{}", null));
    assertThat(refused.status()).isEqualTo(401);
    long deadline = System.currentTimeMillis() + AuditLog.AUDIT_WAIT_MS;
    while (AuditLog.listAll(admin, ws, "").size() < 4 && System.currentTimeMillis() < deadline) {
      Waits.sleep(50);
    }
    assertThat(AuditLog.listAll(admin, ws, "")).hasSize(4);

    Http.Reply r =
        admin.post("/api/v1/admin/workspaces/" + ws + "/policies/impact", "{\"policies\":[]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject a = r.data();
    assertThat(a.getInt("replayed")).as(a.toString()).isZero();
    assertThat(a.getJsonObject("notReplayable").getInt("total")).isEqualTo(4);
    assertThat(a.getJsonObject("notReplayable").getJsonObject("byReason"))
        .isEqualTo(
            jakarta.json.Json.createObjectBuilder()
                .add("refused_token", 1)
                .add("attributes_truncated", 1)
                .add("context_not_kept", 2)
                .build());
    assertThat(a.getJsonObject("flips").getInt("allowToDeny")).isZero();
    assertThat(a.getJsonArray("samples")).isEmpty();
  }

  private static void decide(String ws, String token) {
    Http.Reply r =
        Checks.checkReply(
            anonymous,
            ws,
            Checks.checkBody(token, "documents", "read", "{\"secret\":\"s\"}", null));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }
}
