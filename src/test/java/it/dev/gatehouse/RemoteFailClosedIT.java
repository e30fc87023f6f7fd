package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The client library fails closed (docs/client.md, docs/security.md): when the Gatehouse it asks is
 * stopped, never answers, or answers garbage, the orders sample's protected method does not run and
 * its caller gets 503 problem+json with {@code Retry-After}, within the configured timeout. One
 * sample server of this test's own calls one port: first a Gatehouse of this test's own, used once
 * and then stopped, then a JDK HttpServer of the test's on that same port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteFailClosedIT {
  /** The sample's {@code gatehouse.client.timeout}, in seconds. */
  static final int TIMEOUT_SECONDS = 1;

  /** The sample's {@code gatehouse.client.retry-after}, in seconds. */
  static final String RETRY_AFTER = "7";

  /** What a failed check may take: the timeout, plus a second for the rest of the request. */
  static final long MAX_ANSWER_MS = TIMEOUT_SECONDS * 1000L + 1000;

  static LibertyServer gatehouse;
  static int gatehousePort;
  static LibertyServer orders;
  static Http app;
  static String manager;

  /** The stand-in on Gatehouse's port once it has stopped; what it does is {@link #mode}. */
  static HttpServer standIn;

  static final AtomicReference<String> mode = new AtomicReference<>("hang");
  static final AtomicInteger standInRequests = new AtomicInteger();
  static final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void startGatehouseAndTheSample() {
    gatehouse =
        LibertyServer.startAnother("gone", LibertyServer.offsetBelowEphemeral(520), Map.of());
    gatehousePort = URI.create(gatehouse.baseUrl()).getPort();
    orders =
        OrdersApp.start(
            "orders-failing",
            510,
            gatehouse.baseUrl(),
            Map.of(
                "GATEHOUSE_CLIENT_TIMEOUT",
                Integer.toString(TIMEOUT_SECONDS),
                "GATEHOUSE_CLIENT_RETRY_AFTER",
                RETRY_AFTER));
    app = Http.anonymous(orders);
    manager = OrdersApp.demoToken(gatehouse, "{\"sub\":\"user_manager\",\"org_role\":\"manager\"}");
  }

  @AfterAll
  static void stopEverything() {
    release.countDown();
    if (standIn != null) {
      standIn.stop(0);
    }
    if (orders != null) {
      orders.stopNow();
    }
    if (gatehouse != null) {
      gatehouse.stopNow();
    }
  }

  static Http.Reply approve() {
    return app.header("Authorization", "Bearer " + manager)
        .post("/api/orders/order-7/approve?amount=50000", "");
  }

  /** A 503 from the sample within {@link #MAX_ANSWER_MS}, the method not run; returns the time. */
  static long assertUnavailableInTime() {
    long before = OrdersApp.runs(orders, "approve");
    long start = System.nanoTime();
    Http.Reply r = approve();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertProblem(r, 503, "gatehouse_unavailable");
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo(RETRY_AFTER);
    assertThat(r.header("WWW-Authenticate")).isNull();
    assertThat(ms).as("answered in %d ms", ms).isLessThan(MAX_ANSWER_MS);
    assertThat(OrdersApp.runs(orders, "approve")).as("the method did not run").isEqualTo(before);
    return ms;
  }

  @Test
  @Order(1)
  void whenGatehouseHasStoppedTheCallerGets503AndTheMethodDoesNotRun() {
    // Gatehouse up: the sample is wired to it, the method runs.
    Http.Reply ok = approve();
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(OrdersApp.runs(orders, "approve")).isEqualTo(1);

    gatehouse.stopNow();

    assertUnavailableInTime();
    // The programmatic client's typed error, mapped by the sample itself.
    Http.Reply batch =
        app.header("Authorization", "Bearer " + manager)
            .get("/api/orders/order-7/permissions?amount=50000");
    assertProblem(batch, 503, "gatehouse_unavailable");
    assertThat(batch.header("Retry-After")).isEqualTo(RETRY_AFTER);
  }

  @Test
  @Order(2)
  void whenGatehouseNeverAnswersTheCallerGets503WithinTheTimeout() throws Exception {
    gatehouse.stopNow(); // when run alone
    standIn = listenOn(gatehousePort);
    mode.set("hang");
    int requestsBefore = standInRequests.get();
    long ms = assertUnavailableInTime();
    assertThat(standInRequests.get())
        .as("the check reached the silent server")
        .isGreaterThan(requestsBefore);
    assertThat(ms).as("it waited for the timeout").isGreaterThanOrEqualTo(TIMEOUT_SECONDS * 900L);
  }

  @Test
  @Order(3)
  void whenGatehouseAnswersGarbageOrAServerErrorTheCallerGets503() throws Exception {
    gatehouse.stopNow();
    if (standIn == null) {
      standIn = listenOn(gatehousePort);
    }
    for (String m : new String[] {"garbage", "error"}) {
      mode.set(m);
      int requestsBefore = standInRequests.get();
      assertUnavailableInTime();
      assertThat(standInRequests.get()).as(m).isGreaterThan(requestsBefore);
    }
  }

  /**
   * A JDK HttpServer on 127.0.0.1:{@code port} that, by {@link #mode}, never answers ({@code hang}:
   * holds the exchange until the class ends), answers 200 with a body that is not JSON ({@code
   * garbage}) or 500 ({@code error}). Binding is retried for up to 10 s while the stopped
   * Gatehouse's socket lets go of the port.
   */
  static HttpServer listenOn(int port) throws IOException, InterruptedException {
    HttpServer s = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (s == null) {
      try {
        s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      } catch (BindException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
    s.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "it-silent-gatehouse");
              t.setDaemon(true);
              return t;
            }));
    s.createContext("/", RemoteFailClosedIT::standInAnswer);
    s.start();
    return s;
  }

  private static void standInAnswer(HttpExchange ex) throws IOException {
    standInRequests.incrementAndGet();
    try (ex) {
      ex.getRequestBody().readAllBytes();
      switch (mode.get()) {
        case "hang" -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case "garbage" -> send(ex, 200, "application/json", "<html>not json</html>");
        default -> send(ex, 500, "text/plain", "boom");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
