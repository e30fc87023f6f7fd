package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Threads belong to the container (docs/operations.md#stopping): a server of its own fetches a
 * provider's keys for checks that wait for them (the key cache's fetch and the fetcher's reader)
 * and writes a decision to the audit log (the audit writer), then the application alone is stopped
 * — its WAR taken out of dropins, the JVM running on — and a thread dump of the server JVM must
 * hold no thread named {@code gatehouse-*} and no thread running Gatehouse code.
 */
class ManagedThreadsIT {
  /** How long a stopped application's threads may take to end after Liberty says it stopped. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /**
   * Checks sent at once before any key of their provider is fetched: well over the core threads of
   * Liberty's default executor (2 per CPU, at least 4), which runs both the requests and the tasks
   * of the shared managed executor. With the fetch on that executor, 32 waiting checks starved it
   * into 503 jwks_unavailable.
   */
  static final int FIRST_CHECKS = 32;

  /**
   * How long garbage collections are asked for until the stopped application's HTTP client goes.
   */
  static final Duration CLIENT_COLLECTED = Duration.ofSeconds(30);

  static LibertyServer server;

  @BeforeAll
  static void startOwnServer() {
    server =
        LibertyServer.startAnother("threads", LibertyServer.offsetBelowEphemeral(400), Map.of());
  }

  @AfterAll
  static void stopOwnServer() {
    if (server != null) {
      server.stopNow();
    }
  }

  @Test
  void stoppingTheApplicationLeavesNoGatehouseThreadRunning() throws Exception {
    Http admin = Http.admin(server);
    String tenant = Workspaces.unique("threads");
    String ws = Workspaces.orderApprovalWorkspace(admin, "threads", tenant);
    String subject = Workspaces.unique("threads-subject");
    String token = ItIdp.shared().mint(tenant, Map.of("sub", subject));

    // Checks the keys must be fetched for, all at once (a first fetch, on the key cache's
    // threads, which the waiting request threads must not starve), decided and queued for the
    // audit writer.
    String checkUrl = server.baseUrl() + "/api/v1/workspaces/" + ws + "/authorization/check";
    String body = Checks.checkBody(token, "orders", "approve", "{\"orderAmount\":5}", null);
    ExecutorService callers = Executors.newFixedThreadPool(FIRST_CHECKS);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < FIRST_CHECKS; i++) {
        answers.add(callers.submit(() -> Http.burstPost(checkUrl, body)));
      }
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(ItIdp.shared().jwksHits(tenant)).as("JWKS fetches from the fake IdP").isPositive();
    String decisionId = new Http.Reply(answers.get(0).get()).data().getString("decisionId");
    AuditLog.awaitDecision(admin, ws, decisionId); // written to the audit log

    // The dump sees the application's threads while it runs: the audit writer is one.
    List<String> running = threads(server.threadDump());
    assertThat(running).as("threads of the running server").anyMatch(t -> named(t, "gatehouse-"));
    assertThat(running)
        .as("the key fetcher's HTTP client in the running server")
        .anyMatch(t -> named(t, "HttpClient-"));

    server.stopApplication(Duration.ofMinutes(2));
    assertThat(server.messagesLog())
        .as("the audit writer's graceful stop (docs/operations.md#stopping)")
        .contains("Audit log flushed");

    List<String> left = leftovers(server.threadDump());
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      left = leftovers(server.threadDump());
    }
    assertThat(left)
        .as("threads named gatehouse-* or running dev.gatehouse code after the application stopped")
        .isEmpty();
    // The JDK HTTP client that fetched the keys keeps a selector thread of its own, which ends
    // once the client is collected: it must be collectable, nothing may hold the stopped
    // application.
    List<String> clients = httpClientThreads(server.threadDump());
    long gcDeadline = System.nanoTime() + CLIENT_COLLECTED.toNanos();
    while (!clients.isEmpty() && System.nanoTime() < gcDeadline) {
      server.jcmd("GC.run");
      Thread.sleep(1000);
      clients = httpClientThreads(server.threadDump());
    }
    assertThat(clients)
        .as(
            "the key fetcher's HTTP client threads left after %d s of garbage collections",
            CLIENT_COLLECTED.toSeconds())
        .isEmpty();
  }

  private static List<String> httpClientThreads(String dump) {
    return threads(dump).stream().filter(t -> named(t, "HttpClient-")).toList();
  }

  /** The threads of a dump still tied to Gatehouse: by name or by a frame of its code. */
  private static List<String> leftovers(String dump) {
    return threads(dump).stream()
        .filter(t -> named(t, "gatehouse-") || t.contains("dev.gatehouse."))
        .toList();
  }

  private static boolean named(String thread, String prefix) {
    return thread.startsWith("\"" + prefix);
  }

  /** The thread blocks of a {@code jcmd Thread.print} dump: each starts with its quoted name. */
  static List<String> threads(String dump) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : dump.split("\n")) {
      if (line.startsWith("\"")) {
        if (current != null) {
          out.add(current.toString());
        }
        current = new StringBuilder();
      }
      if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }
}
