package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database is the one GATEHOUSE_DB_URL names, not server.xml's embedded default: the Derby
 * directory the tests name, or (postgres profile) the server's own PostgreSQL database.
 */
class DatabaseUrlIT {
  @Test
  void theEnvironmentsDatabaseUrlWinsOverTheDefault() throws Exception {
    LibertyServer server = LibertyServer.shared();
    Http.Reply r =
        Http.admin(server).post("/api/v1/admin/workspaces", "{\"name\":\"db-url-check\"}");
    assertThat(r.status()).as(r.toString()).isIn(201, 409);
    assertThat(server.serverDir().resolve("data/gatehouse-db")).doesNotExist();
    if (LibertyServer.EXTERNAL_DB_URL.isEmpty()) {
      assertThat(Files.isDirectory(server.databaseDir().resolve("seg0"))).isTrue();
      return;
    }
    assertThat(server.databaseUrl())
        .startsWith("jdbc:postgresql:")
        .isNotEqualTo(LibertyServer.EXTERNAL_DB_URL);
    try (Connection c = server.openDatabase()) {
      // Liquibase made the schema there (lower-case, unquoted names) and the API writes there.
      assertThat(
              strings(
                  c,
                  "SELECT table_name FROM information_schema.tables"
                      + " WHERE table_schema = current_schema() ORDER BY table_name"))
          .contains(
              "databasechangelog",
              "databasechangeloglock",
              "gh_admin_credential",
              "gh_claim_mapping",
              "gh_decision",
              "gh_policy",
              "gh_policy_action",
              "gh_policy_resource",
              "gh_provider",
              "gh_workspace",
              "gh_item_version",
              "gh_policy_test",
              "gh_admin_change");
      assertThat(strings(c, "SELECT name FROM gh_workspace ORDER BY name"))
          .contains("default", "db-url-check");
      // Ids compare byte-wise whatever the database's collation (keyset paging relies on it).
      assertThat(
              strings(
                  c,
                  "SELECT table_name || '.' || column_name FROM information_schema.columns"
                      + " WHERE table_schema = current_schema() AND collation_name = 'C'"))
          .containsExactlyInAnyOrder(
              "gh_workspace.id",
              "gh_provider.id",
              "gh_provider.workspace_id",
              "gh_claim_mapping.provider_id",
              "gh_policy.id",
              "gh_policy.workspace_id",
              "gh_policy_resource.policy_id",
              "gh_policy_action.policy_id",
              "gh_decision.id",
              "gh_decision.workspace_id",
              "gh_decision.policy_id",
              "gh_decision.provider_id",
              "gh_policy_test.id",
              "gh_policy_test.workspace_id",
              "gh_admin_change.id");
    }
  }

  private static List<String> strings(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
