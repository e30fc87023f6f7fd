package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The workspace endpoints of the admin API over real HTTP against the real server. */
class AdminWorkspacesIT extends OnSharedServer {

  @Test
  void defaultWorkspaceExistsFromFirstStart() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/default");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("name")).isEqualTo("default");
    assertThat(r.header("ETag")).isEqualTo("\"" + r.data().getInt("version") + "\"");
  }

  @Test
  void createsReadsUpdatesAndDeletesAWorkspace() {
    Http.Reply created =
        admin.post("/api/v1/admin/workspaces", "{\"name\":\"crud-ws\",\"description\":\"one\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject ws = created.data();
    assertThat(ws.getString("id")).hasSize(36);
    assertThat(created.header("Location")).endsWith("/api/v1/admin/workspaces/crud-ws");

    Http.Reply updated =
        admin.put(
            "/api/v1/admin/workspaces/crud-ws",
            "{\"name\":\"crud-ws\",\"description\":\"two\",\"version\":"
                + ws.getInt("version")
                + "}");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.data().getString("description")).isEqualTo("two");
    assertThat(updated.data().getInt("version")).isGreaterThan(ws.getInt("version"));

    assertThat(admin.get("/api/v1/admin/workspaces/crud-ws").data().getString("description"))
        .isEqualTo("two");
    assertThat(admin.delete("/api/v1/admin/workspaces/crud-ws").status()).isEqualTo(204);
    Http.Reply gone = admin.get("/api/v1/admin/workspaces/crud-ws");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.object().getString("code")).isEqualTo("not_found");
  }
}
