package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a crash costs the audit log. Decisions are answered before their record is written (the
 * writer commits the queue in batches off the request path), so a process killed with SIGKILL loses
 * the records still queued or in the batch being written: those of the last moments before the
 * kill, never older ones. This test drives checks from several threads on a server of its own,
 * kills its JVM mid-burst (kill -9), starts it again on the same database and counts the
 * acknowledged (200) decision ids missing from the audit log. With the audit journal on (embedded
 * Derby) only records not yet journaled can be lost (the queue and the batch being appended); what
 * was journaled is written to the database after the restart, which the count waits for. It asserts
 * the bound docs/operations.md promises: every lost record was decided less than {@link
 * #LOSS_WINDOW_MS} before the kill, and nothing is written twice. The figures are printed for
 * docs/operations.md.
 */
class CrashIT {
  static final int THREADS = 4;

  /** The burst runs at least this long, and until {@link #MIN_ACKED} decisions, before the kill. */
  static final Duration BURST_BEFORE_KILL = Duration.ofSeconds(3);

  static final int MIN_ACKED = 500;

  /** Requests per thread at most (the loops' bound, with the 60 s deadline below). */
  static final int MAX_PER_THREAD = 50_000;

  static final Duration BURST_DEADLINE = Duration.ofSeconds(60);

  /**
   * The promise: a killed server loses at most the decisions of the last second before the kill
   * (the writer's batch in flight and the queue behind it; measured: see docs/operations.md).
   */
  static final long LOSS_WINDOW_MS = 1000;

  static LibertyServer server;

  @BeforeAll
  static void startOwnServer() {
    server = LibertyServer.startAnother("crash", LibertyServer.offsetBelowEphemeral(300), Map.of());
  }

  @AfterAll
  static void stopOwnServer() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void aKilledServerLosesOnlyTheDecisionsOfItsLastMoments() throws Exception {
    Http admin = Http.admin(server);
    String tenant = Workspaces.unique("crash");
    String ws = Workspaces.orderApprovalWorkspace(admin, "crash", tenant);
    String subject = Workspaces.unique("crash-burst");
    String token = ItIdp.shared().mint(tenant, Map.of("sub", subject));
    String checkUrl = server.baseUrl() + "/api/v1/workspaces/" + ws + "/authorization/check";

    // The burst: every 200 is an acknowledged decision (id -> when the answer arrived).
    Map<String, Long> acked = new ConcurrentHashMap<>();
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> loops = new ArrayList<>();
    long killAt;
    long pid;
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        loops.add(
            pool.submit(
                () -> {
                  int failures = 0;
                  for (int i = 0; i < MAX_PER_THREAD && !killed.get(); i++) {
                    String body =
                        Checks.checkBody(
                            token,
                            "orders",
                            "approve",
                            "{\"orderAmount\":" + (i % 20_000) + ",\"t\":" + thread + "}",
                            null);
                    try {
                      HttpResponse<String> r = Http.burstPost(checkUrl, body);
                      if (r.statusCode() == 200) {
                        acked.put(
                            new Http.Reply(r).data().getString("decisionId"),
                            System.currentTimeMillis());
                      } else {
                        failures++;
                      }
                    } catch (IOException e) {
                      failures++; // the kill: the connection is cut or refused
                    }
                  }
                  return failures;
                }));
      }
      long start = System.nanoTime();
      long deadline = start + BURST_DEADLINE.toNanos();
      while ((System.nanoTime() - start < BURST_BEFORE_KILL.toNanos() || acked.size() < MIN_ACKED)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(acked.size()).as("decisions acknowledged before the kill").isGreaterThan(0);
      killAt = System.currentTimeMillis();
      pid = server.killNow();
      long gone = System.currentTimeMillis();
      killed.set(true);
      for (Future<Integer> f : loops) {
        f.get(60, TimeUnit.SECONDS);
      }
      System.out.println(
          "CrashIT: killed pid " + pid + " in " + (gone - killAt) + " ms after the kill signal");
    } finally {
      killed.set(true);
      pool.shutdownNow();
    }
    assertThat(server.process()).as("the killed server JVM").isEmpty();

    // Up again on the same database (Derby recovers from its log); then compare.
    long restartAt = System.nanoTime();
    server.restart();
    long restartMs = (System.nanoTime() - restartAt) / 1_000_000;
    // With the audit journal on (embedded Derby), what the killed run journaled is written to the
    // database after the start, first of all: wait until the journal is empty (bounded).
    long fillMs = awaitEmptyJournal(Http.anonymous(server));
    List<JsonObject> records = AuditLog.listAll(Http.admin(server), ws, "subject=" + subject);
    Set<String> logged = new HashSet<>();
    records.forEach(r -> logged.add(r.getString("decisionId")));
    Set<String> lost = new HashSet<>(acked.keySet());
    lost.removeAll(logged);
    long oldestLostAge =
        lost.stream().mapToLong(id -> killAt - decidedAtMillis(id)).max().orElse(0);
    long newestAcked = acked.values().stream().mapToLong(Long::longValue).max().orElse(0);
    System.out.printf(
        "CrashIT: acked %d, logged %d (of them acked %d), lost %d; oldest lost decided %d ms before"
            + " the kill; last ack %d ms before the kill; restart took %d ms, the journal filled"
            + " the database %d ms after%n",
        acked.size(),
        logged.size(),
        acked.size() - lost.size(),
        lost.size(),
        oldestLostAge,
        killAt - newestAcked,
        restartMs,
        fillMs);

    assertThat(logged).as("no record written twice").hasSameSizeAs(records);
    assertThat(lost)
        .as(
            "acknowledged decisions lost by the kill that were decided over %d ms before it"
                + " (acked %d, lost %d)",
            LOSS_WINDOW_MS, acked.size(), lost.size())
        .allSatisfy(id -> assertThat(killAt - decidedAtMillis(id)).isLessThan(LOSS_WINDOW_MS));
    // Checks are answered again after the restart, and their records are written.
    Http.Reply after =
        Http.anonymous(server)
            .post(
                "/api/v1/workspaces/" + ws + "/authorization/check",
                Checks.checkBody(token, "orders", "approve", "{\"orderAmount\":1}", null));
    assertThat(after.status()).as(after.toString()).isEqualTo(200);
  }

  /**
   * Waits (60 s at most) until the audit journal holds nothing not yet in the database; returns how
   * long that took (0 at once, and with the journal off).
   */
  static long awaitEmptyJournal(Http anonymous) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(60).toNanos();
    while (Scrape.of(anonymous).value("gatehouse_audit_journal_backlog_bytes", Map.of()) > 0) {
      assertThat(System.nanoTime()).as("the audit journal emptied in 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** When a decision was made: the 48-bit millisecond time at the head of its UUIDv7 id. */
  static long decidedAtMillis(String decisionId) {
    return UUID.fromString(decisionId).getMostSignificantBits() >>> 16;
  }
}
