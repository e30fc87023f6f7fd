package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that older versions could store are listed again (docs/security.md, "The audit log under
 * attack"): a context holding the 1,104-character number Parsson let in and BigDecimal wrote back,
 * one holding a number too long to read, and one cut off. Written straight into the database of a
 * stopped server of its own (embedded Derby, or PostgreSQL under -Ppostgres), then read through the
 * admin API after a start.
 */
class AuditLegacyRecordsIT {
  static LibertyServer server;
  static Http admin;

  @BeforeAll
  static void start() {
    server = LibertyServer.startAnother("legacy", 70, Map.of());
    admin = Http.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void aListingNeverFailsOnAnOddRecordOfAnOlderVersion() throws Exception {
    String ws = Workspaces.createWorkspace(admin, "legacy");
    String workspaceId = admin.get("/api/v1/admin/workspaces/" + ws).data().getString("id");
    String longNumber = new BigDecimal("1" + "0".repeat(1096) + "e3").toString();
    assertThat(longNumber).hasSizeGreaterThan(1100);
    Map<String, String> contexts = new HashMap<>();
    contexts.put("01a30000-0000-7000-8000-000000000001", "{\"n\":" + longNumber + "}");
    contexts.put("01a30000-0000-7000-8000-000000000002", "{\"n\":" + "9".repeat(5000) + "}");
    contexts.put("01a30000-0000-7000-8000-000000000003", "{\"cut");
    contexts.put("01a30000-0000-7000-8000-000000000004", "{\"fine\":true}");

    server.stopNow();
    server.onStoppedDatabase(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO gh_decision (id, workspace_id, decided_at, source, resource_name,"
                      + " action_name, context, decision, reason) VALUES"
                      + " (?,?,?,?,'doc','read',?,'Allow','rule_matched')")) {
            for (Map.Entry<String, String> e : contexts.entrySet()) {
              ps.setString(1, e.getKey());
              ps.setString(2, workspaceId);
              ps.setTimestamp(3, Timestamp.from(Instant.now()));
              // A source no version writes yet (a newer node's, in a shared database).
              ps.setString(4, e.getKey().endsWith("4") ? "webhook" : "check");
              ps.setString(5, e.getValue());
              ps.executeUpdate();
            }
          }
        });
    server.restart();

    Http.Reply r = admin.get("/api/v1/admin/workspaces/" + ws + "/decisions?limit=500");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Map<String, JsonObject> byId = new HashMap<>();
    r.list().forEach(v -> byId.put(v.asJsonObject().getString("decisionId"), v.asJsonObject()));
    assertThat(byId).containsOnlyKeys(contexts.keySet());

    // Odd contexts are shown as their stored text (as JSON, the long number would break the
    // client's own parser: this test's Parsson stops at 1,100 characters).
    for (String id :
        List.of(
            "01a30000-0000-7000-8000-000000000001",
            "01a30000-0000-7000-8000-000000000002",
            "01a30000-0000-7000-8000-000000000003")) {
      JsonObject odd = byId.get(id);
      assertThat(odd.getBoolean("contextUnreadable")).as(odd.toString()).isTrue();
      assertThat(odd.getString("context")).isEqualTo(contexts.get(id));
    }
    JsonObject fine = byId.get("01a30000-0000-7000-8000-000000000004");
    assertThat(fine.getJsonObject("context").getBoolean("fine")).isTrue();
    assertThat(fine.getBoolean("contextTruncated")).isFalse();
    assertThat(fine.getString("source"))
        .as("a source text is shown as stored")
        .isEqualTo("webhook");
    assertThat(byId.get("01a30000-0000-7000-8000-000000000001").getString("source"))
        .isEqualTo("check");
    // One record at a time as well.
    Http.Reply one =
        admin.get(
            "/api/v1/admin/workspaces/" + ws + "/decisions/01a30000-0000-7000-8000-000000000002");
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.data().getBoolean("contextUnreadable")).isTrue();
  }
}
