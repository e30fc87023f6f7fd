package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The database is the one GATEHOUSE_DB_URL names, not server.xml's embedded default. */
class DatabaseUrlIT {
  @Test
  void theEnvironmentsDatabaseUrlWinsOverTheDefault() {
    LibertyServer server = LibertyServer.shared();
    Http.Reply r =
        Http.admin(server).post("/api/v1/admin/workspaces", "{\"name\":\"db-url-check\"}");
    assertThat(r.status()).as(r.toString()).isIn(201, 409);
    assertThat(Files.isDirectory(server.databaseDir().resolve("seg0"))).isTrue();
    assertThat(server.serverDir().resolve("data/gatehouse-db")).doesNotExist();
  }
}
