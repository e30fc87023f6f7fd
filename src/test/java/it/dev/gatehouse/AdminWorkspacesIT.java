package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
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

  /**
   * Creates racing for one name: one wins, every other is a 409 {@code conflict}, whether the name
   * check saw the winner or only the database's unique key did; never a 500, never two workspaces.
   */
  @Test
  void racingCreatesOfOneNameMakeOneWorkspaceAndTheRestConflict() throws Exception {
    String name = Workspaces.unique("race");

    List<Http.Reply> replies =
        Concurrently.atOnce(
            6, () -> admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}"));

    Concurrently.assertOneWonAndTheRestConflicted(
        replies, 201, d -> d.equals("a workspace named '" + name + "' already exists"));
    assertThat(admin.delete("/api/v1/admin/workspaces/" + name).status()).isEqualTo(204);
  }

  /**
   * Updates racing with the same version: one wins, every other is a 409 {@code conflict}, whether
   * the version check saw the winner or only the row's optimistic lock did.
   */
  @Test
  void racingUpdatesOfOneVersionLetOneWinAndTheRestConflict() throws Exception {
    String name = Workspaces.unique("race");
    Http.Reply created = admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    int version = created.data().getInt("version");

    List<Http.Reply> replies =
        Concurrently.atOnce(
            6,
            () ->
                admin.put(
                    "/api/v1/admin/workspaces/" + name,
                    "{\"name\":\""
                        + name
                        + "\",\"description\":\""
                        + Thread.currentThread().getName()
                        + "\",\"version\":"
                        + version
                        + "}"));

    Concurrently.assertOneWonAndTheRestConflicted(
        replies,
        200,
        d ->
            d.startsWith("workspace '" + name + "' was changed by someone")
                || d.equals("workspace '" + name + "' was changed concurrently; read it again"));
    JsonObject after = admin.get("/api/v1/admin/workspaces/" + name).data();
    assertThat(after.getInt("version")).isEqualTo(version + 1);
    assertThat(admin.delete("/api/v1/admin/workspaces/" + name).status()).isEqualTo(204);
  }
}
