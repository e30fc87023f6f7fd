package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code GATEHOUSE_ADMIN_PASSWORD} shorter than 12 characters is refused at start
 * (docs/security.md#admin-sign-in): a SEVERE line names the key and the rule, the server never
 * becomes ready, and the admin API stays closed, even to that password.
 */
class ShortAdminPasswordIT {
  static final String SHORT = "Sh0rt-pw-11"; // 11 characters

  static LibertyServer server;

  @BeforeAll
  static void startWithAShortPassword() throws Exception {
    server =
        LibertyServer.startAnotherUntilLive(
            "shortpw",
            LibertyServer.offsetBelowEphemeral(200),
            Map.of("GATEHOUSE_ADMIN_PASSWORD", SHORT));
    // Wait (bounded) until the application has started and said its piece.
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline
        && !server.messagesLog().contains("GATEHOUSE_ADMIN_PASSWORD is shorter than")) {
      Thread.sleep(250);
    }
    // The application answers (the health endpoint is up), it is just not ready.
    while (System.nanoTime() < deadline
        && Http.anonymous(server).get("/health/ready").status() != 503) {
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stopOwnServer() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void logsASevereLineNamingTheKeyAndTheRule() throws IOException {
    String log = server.messagesLog();
    assertThat(log)
        .containsPattern(
            "AdminAccount\\s+E GATEHOUSE_ADMIN_PASSWORD is shorter than 12 characters: Gatehouse"
                + " refuses it");
    assertThat(log).doesNotContain(SHORT);
  }

  @Test
  void theServerIsNotReady() {
    Http.Reply r = Http.anonymous(server).get("/health/ready");
    assertThat(r.status()).as(r.toString()).isEqualTo(503);
    JsonObject data =
        r.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals("gatehouse"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("data");
    assertThat(data.getBoolean("adminAccount")).isFalse();
    assertThat(data.getBoolean("migrated")).isTrue();
  }

  @Test
  void theAdminApiStaysClosedEvenToThatPassword() {
    for (String user : new String[] {"admin", "nobody"}) {
      Http.Reply r = Http.anonymous(server).basic(user, SHORT).get("/api/v1/admin/workspaces");
      ProblemAssert.assertProblem(r, 401, "unauthorized");
    }
  }

  @Test
  void noPasswordIsGeneratedInstead() throws IOException {
    assertThat(server.messagesLog()).doesNotContain("generated the admin password");
  }
}
