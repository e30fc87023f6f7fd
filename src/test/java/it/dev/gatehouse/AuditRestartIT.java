package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * No audit record is lost across a graceful restart: every decisionId handed out — by a burst of
 * concurrent checks and batches just before the stop, and by checks that keep coming while the
 * server stops — is in the audit log once it is up again, because a graceful stop writes everything
 * still queued.
 */
class AuditRestartIT {
  static final int THREADS = 6;
  static final int CHECKS_PER_THREAD = 45;
  static final int BATCH_SIZE = 5;

  /** Requests per thread at most while the server restarts (the loop's bound). */
  static final int MAX_DURING_RESTART = 3000;

  @Test
  void everyDecisionHandedOutIsInTheLogAfterAGracefulRestart() throws Exception {
    LibertyServer server = LibertyServer.shared();
    Http admin = Http.admin(server);
    ItIdp idp = ItIdp.shared();
    String ws = Workspaces.createWorkspace(admin, "audit-restart");
    String tenant = Workspaces.unique("audit-restart");
    Workspaces.clerkProvider(ws, tenant, "[]");
    Workspaces.createPolicy(ws, Samples.ORDER_APPROVAL);
    String subject = Workspaces.unique("burst");
    String token = idp.mint(tenant, Map.of("sub", subject));
    String checkUrl = server.baseUrl() + "/api/v1/workspaces/" + ws + "/authorization/check";
    String batchUrl = server.baseUrl() + "/api/v1/workspaces/" + ws + "/authorization/check-batch";

    // 1. A burst: every request must succeed.
    ConcurrentLinkedQueue<String> burst = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < CHECKS_PER_THREAD; i++) {
                    String context = "{\"orderAmount\":" + (i * 500) + ",\"t\":" + thread + "}";
                    HttpResponse<String> r =
                        Http.burstPost(
                            checkUrl, Checks.checkBody(token, "orders", "approve", context, null));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    burst.add(new Http.Reply(r).data().getString("decisionId"));
                  }
                  StringBuilder checks = new StringBuilder();
                  for (int i = 0; i < BATCH_SIZE; i++) {
                    checks
                        .append(i == 0 ? "" : ",")
                        .append("{\"resource\":\"orders\",\"action\":\"approve\",")
                        .append("\"context\":{\"orderAmount\":")
                        .append(i)
                        .append("}}");
                  }
                  HttpResponse<String> b =
                      Http.burstPost(
                          batchUrl, "{\"token\":\"" + token + "\",\"checks\":[" + checks + "]}");
                  assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
                  new Http.Reply(b)
                      .data()
                      .getJsonArray("results")
                      .forEach(v -> burst.add(v.asJsonObject().getString("decisionId")));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int burstSize = THREADS * (CHECKS_PER_THREAD + BATCH_SIZE);
    assertThat(new HashSet<>(burst)).as("distinct decisionIds").hasSize(burstSize);

    // 2. At once, the restart, with checks still coming in while the server stops (and starts):
    // whatever is answered 200 must be in the log; refusals and failed connections do not count.
    ConcurrentLinkedQueue<String> during = new ConcurrentLinkedQueue<>();
    AtomicBoolean restarted = new AtomicBoolean();
    int flushedBefore;
    ExecutorService traffic = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> loops = new ArrayList<>();
    String body = Checks.checkBody(token, "orders", "approve", "{\"orderAmount\":1}", null);
    try {
      for (int t = 0; t < THREADS; t++) {
        loops.add(
            traffic.submit(
                () -> {
                  for (int i = 0; i < MAX_DURING_RESTART && !restarted.get(); i++) {
                    try {
                      HttpResponse<String> r = Http.burstPost(checkUrl, body);
                      if (r.statusCode() == 200) {
                        during.add(new Http.Reply(r).data().getString("decisionId"));
                      }
                    } catch (IOException e) {
                      Thread.sleep(20); // the server is down: try again shortly
                    }
                  }
                  return null;
                }));
      }
      flushedBefore = count(server.allMessages(), "Audit log flushed");
      server.restart();
      restarted.set(true);
      for (Future<?> f : loops) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      restarted.set(true);
      traffic.shutdownNow();
    }

    Set<String> issued = new HashSet<>(burst);
    issued.addAll(during);
    List<JsonObject> records = AuditLog.listAll(ws, "subject=" + subject);
    Set<String> logged = new HashSet<>();
    records.forEach(r -> logged.add(r.getString("decisionId")));
    Set<String> lost = new HashSet<>(issued);
    lost.removeAll(logged);
    assertThat(lost)
        .as(
            "decisionIds missing from the audit log after the restart (of %d burst + %d during)",
            burst.size(), during.size())
        .isEmpty();
    assertThat(logged).as("no record written twice").hasSameSizeAs(records);
    // And each burst record can be read by its id.
    Http after = Http.admin(server);
    for (String id : List.copyOf(burst).subList(0, 10)) {
      Http.Reply r = after.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + id);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().getString("subject")).isEqualTo(subject);
    }
    // This stop flushed the queue and said nothing was left behind.
    String logs = server.allMessages();
    assertThat(count(logs, "Audit log flushed"))
        .as("'Audit log flushed' lines after this restart")
        .isGreaterThan(flushedBefore);
    assertThat(logs)
        .doesNotContain("could not be written before stopping")
        .doesNotContain("decision record(s) dropped")
        .doesNotContain("stay in the audit journal");
    if (LibertyServer.EXTERNAL_DB_URL.isEmpty()) {
      // On embedded Derby the records went through the journal, in its default directory beside
      // the database: data/audit-journal under the server's output directory (docs/operations.md).
      java.nio.file.Path journal = server.serverDir().resolve("data/audit-journal");
      assertThat(journal.resolve("journal.lock")).exists();
      assertThat(logs).contains("Decision records go through the audit journal in ");
      assertThat(logs).containsPattern("audit journal in \\S*/data/audit-journal \\(");
    }
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
