package it.dev.gatehouse;

import static it.dev.gatehouse.Waits.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log through the admin API (docs/api.md#the-audit-log). It is written off the request
 * path, so the waits poll, bounded by {@link #AUDIT_WAIT_MS}.
 */
final class AuditLog {
  private AuditLog() {}

  /** How long a record may take to reach the audit log before a test gives up. */
  static final long AUDIT_WAIT_MS = 10_000;

  /** Every record matching {@code query} (e.g. {@code subject=x&decision=Allow}), newest first. */
  static List<JsonObject> listAll(String ws, String query) {
    return listAll(Http.admin(LibertyServer.shared()), ws, query);
  }

  /** {@link #listAll(String, String)} on the server {@code admin} talks to. */
  static List<JsonObject> listAll(Http admin, String ws, String query) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      Http.Reply r =
          admin.get(
              "/api/v1/admin/workspaces/"
                  + ws
                  + "/decisions?limit=500"
                  + (query.isEmpty() ? "" : "&" + query)
                  + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.list().forEach(v -> out.add(v.asJsonObject()));
      if (r.object().isNull("nextCursor")) {
        return out;
      }
      cursor = r.object().getString("nextCursor");
    }
    throw new AssertionError("more than 50 pages of decisions for " + query);
  }

  /** Polls until at least {@code n} records match {@code query}; returns them all. */
  static List<JsonObject> awaitRecords(String ws, String query, int n) {
    long deadline = System.currentTimeMillis() + AUDIT_WAIT_MS;
    List<JsonObject> found = listAll(ws, query);
    while (found.size() < n && System.currentTimeMillis() < deadline) {
      sleep(50);
      found = listAll(ws, query);
    }
    assertThat(found)
        .as("records of %s after %d ms", query, AUDIT_WAIT_MS)
        .hasSizeGreaterThanOrEqualTo(n);
    return found;
  }

  /** Polls until decision {@code id} is in the audit log; returns the record. */
  static JsonObject awaitDecision(String ws, String id) {
    return awaitDecision(Http.admin(LibertyServer.shared()), ws, id);
  }

  /** {@link #awaitDecision(String, String)} on the server {@code a} talks to. */
  static JsonObject awaitDecision(Http a, String ws, String id) {
    long deadline = System.currentTimeMillis() + AUDIT_WAIT_MS;
    Http.Reply r = a.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + id);
    while (r.status() == 404 && System.currentTimeMillis() < deadline) {
      sleep(50);
      r = a.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + id);
    }
    assertThat(r.status()).as("decision %s: %s", id, r).isEqualTo(200);
    return r.data();
  }
}
