package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/**
 * A kept version whose stored content is not a JSON object (a row edited by hand) is answered 409
 * {@code conflict} on read, diff and rollback, never 500, and the item and its other versions stay
 * usable (docs/api.md#versions-and-rollback).
 */
class UnreadableVersionIT extends OnSharedServer {
  @Test
  void aVersionWhoseStoredContentIsNotJsonIsA409ForReadDiffAndRollbackNeverA500() throws Exception {
    String ws = createWorkspace(admin, "unreadable");
    String policies = "/api/v1/admin/workspaces/" + ws + "/policies";
    String id =
        Workspaces.createPolicy(admin, ws, ChangeLogIT.policy("unreadable", "docs").strip());
    assertThat(
            admin
                .put(
                    policies + "/" + id,
                    ChangeLogIT.withVersion(ChangeLogIT.policy("unreadable", "orders"), 1))
                .status())
        .isEqualTo(200);
    server.stopNow();
    server.onStoppedDatabase(
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE gh_item_version SET content = ? WHERE item_id = ? AND version = 1")) {
            u.setString(1, "{\"name\": \"unreadable\", oops");
            u.setString(2, id);
            assertThat(u.executeUpdate()).isEqualTo(1);
          }
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE gh_item_version SET content = ? WHERE item_id = ? AND version = 2")) {
            u.setString(1, "[1, 2]");
            u.setString(2, id);
            assertThat(u.executeUpdate()).isEqualTo(1);
          }
        });
    server.restart();
    String item = policies + "/" + id;
    for (Http.Reply r :
        new Http.Reply[] {
          admin.get(item + "/versions/1"),
          admin.get(item + "/versions/1/diff?to=2"),
          admin.get(item + "/versions/2/diff?to=1"),
          admin.post(item + "/versions/1/rollback", "{}"),
          admin.get(item + "/versions/2"),
          admin.post(item + "/versions/2/rollback", "{\"version\":2}")
        }) {
      assertNoLeak(r);
      assertThat(assertProblem(r, 409, "conflict").getString("detail")).contains("cannot be read");
    }
    // The list and the policy itself are untouched; nothing was written.
    assertThat(admin.get(item + "/versions").list()).hasSize(2);
    assertThat(admin.get(item).data().getInt("version")).isEqualTo(2);
    assertThat(
            admin
                .put(item, ChangeLogIT.withVersion(ChangeLogIT.policy("unreadable", "x"), 2))
                .status())
        .isEqualTo(200);
  }
}
