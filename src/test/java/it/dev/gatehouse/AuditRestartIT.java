package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No audit record is lost across a graceful restart: every decisionId handed out by a burst of
 * concurrent checks (and batches) right before the server stops is in the audit log once it is up
 * again, because a graceful stop writes everything still queued.
 */
class AuditRestartIT {
  static final int THREADS = 6;
  static final int CHECKS_PER_THREAD = 45;
  static final int BATCH_SIZE = 5;

  @Test
  void everyDecisionOfABurstIsInTheLogAfterAGracefulRestart() throws Exception {
    LibertyServer server = LibertyServer.shared();
    Http admin = Http.admin(server);
    Http anonymous = Http.anonymous(server);
    ItIdp idp = ItIdp.shared();
    String ws = ErrorsIT.createWorkspace(admin, "audit-restart");
    String tenant = ErrorsIT.unique("audit-restart");
    SeedScenariosIT.clerkProvider(ws, tenant, "[]");
    SeedScenariosIT.createPolicy(ws, CheckApiIT.ORDER_APPROVAL);
    String subject = ErrorsIT.unique("burst");
    String token = idp.mint(tenant, Map.of("sub", subject));

    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < CHECKS_PER_THREAD; i++) {
                    String context = "{\"orderAmount\":" + (i * 500) + ",\"t\":" + thread + "}";
                    Http.Reply r =
                        anonymous.post(
                            "/api/v1/workspaces/" + ws + "/authorization/check",
                            SeedScenariosIT.checkBody(token, "orders", "approve", context, null));
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    ids.add(r.data().getString("decisionId"));
                  }
                  // And one batch per thread.
                  StringBuilder checks = new StringBuilder();
                  for (int i = 0; i < BATCH_SIZE; i++) {
                    checks
                        .append(i == 0 ? "" : ",")
                        .append("{\"resource\":\"orders\",\"action\":\"approve\",")
                        .append("\"context\":{\"orderAmount\":")
                        .append(i)
                        .append("}}");
                  }
                  Http.Reply b =
                      anonymous.post(
                          "/api/v1/workspaces/" + ws + "/authorization/check-batch",
                          "{\"token\":\"" + token + "\",\"checks\":[" + checks + "]}");
                  assertThat(b.status()).as(b.toString()).isEqualTo(200);
                  b.data()
                      .getJsonArray("results")
                      .forEach(v -> ids.add(v.asJsonObject().getString("decisionId")));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int expected = THREADS * (CHECKS_PER_THREAD + BATCH_SIZE);
    Set<String> issued = new HashSet<>(ids);
    assertThat(issued).as("distinct decisionIds").hasSize(expected);

    // At once: whatever the audit writer has not written yet must be written by the stop.
    server.restart();

    Http after = Http.admin(server);
    List<JsonObject> records = DecisionsIT.listAll(ws, "subject=" + subject);
    Set<String> logged = new HashSet<>();
    records.forEach(r -> logged.add(r.getString("decisionId")));
    Set<String> lost = new HashSet<>(issued);
    lost.removeAll(logged);
    assertThat(lost).as("decisionIds missing from the audit log after the restart").isEmpty();
    assertThat(records).as("no record written twice").hasSize(expected);
    // And each can be read by its id.
    for (String id : List.copyOf(issued).subList(0, 10)) {
      Http.Reply r = after.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + id);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
    // The stop's own log (Liberty archives it as messages_<time>.log at the next start).
    StringBuilder logs = new StringBuilder();
    try (var files = java.nio.file.Files.list(server.serverDir().resolve("logs"))) {
      for (java.nio.file.Path f :
          files.filter(f -> f.getFileName().toString().startsWith("messages")).toList()) {
        logs.append(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(logs.toString())
        .doesNotContain("could not be written before stopping")
        .doesNotContain("decision record(s) dropped");
  }
}
