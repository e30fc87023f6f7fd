package dev.gatehouse.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a stand-in for Gatehouse's check API on 127.0.0.1 (ephemeral port), a JDK {@link
 * HttpServer} answering whatever the test sets. It keeps every request (path and body parsed as
 * JSON) and the client ports it saw, so a test can count requests and TCP connections. Close it
 * after use.
 */
final class FakeGatehouse implements Closeable {
  /** How one request is answered. */
  @FunctionalInterface
  interface Answer {
    void answer(HttpExchange exchange, int requestNumber) throws IOException;
  }

  /** A request as the fake received it. */
  record Request(String path, JsonObject body, String contentType) {}

  static {
    // Without it the JDK server's header and body writes meet Nagle and the client's delayed ACK:
    // about 40 ms per answer, which is the fake's cost, not the client's.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Answer answer = ok(allowed("d-1"));

  FakeGatehouse() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-gatehouse");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            JsonObject json;
            try (var r = Json.createReader(new ByteArrayInputStream(body))) {
              json = r.readObject();
            } catch (RuntimeException e) {
              json = null;
            }
            requests.add(
                new Request(
                    ex.getRequestURI().getRawPath(),
                    json,
                    ex.getRequestHeaders().getFirst("Content-Type")));
            clientPorts.add(ex.getRemoteAddress().getPort());
            answer.answer(ex, requests.size());
          }
        });
    server.start();
  }

  /** The base URL to configure the client with. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(Answer a) {
    this.answer = a;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The last request's body. */
  JsonObject lastBody() {
    return requests.get(requests.size() - 1).body();
  }

  /** How many TCP connections the requests came on (one client port per connection). */
  int connections() {
    return clientPorts.size();
  }

  /** Blocks a never-answering handler until the fake is closed. */
  void awaitClose() {
    try {
      closed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- answers

  /** Always the same status, headers and body. */
  static Answer reply(int status, Map<String, String> headers, String body) {
    return (ex, n) -> send(ex, status, headers, body);
  }

  static Answer ok(String body) {
    return reply(200, Map.of("Content-Type", "application/json"), body);
  }

  static Answer problem(int status, String code, Map<String, String> headers) {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.put("Content-Type", "application/problem+json");
    return reply(
        status,
        h,
        "{\"type\":\"urn:gatehouse:problem:"
            + code
            + "\",\"title\":\"T\",\"status\":"
            + status
            + ",\"detail\":\"Gatehouse's own detail for "
            + code
            + "\",\"code\":\""
            + code
            + "\"}");
  }

  static void send(HttpExchange ex, int status, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A check's 200 data, allowed. */
  static String allowed(String decisionId) {
    return "{\"data\":{\"allowed\":true,\"decision\":\"Allow\",\"decisionId\":\""
        + decisionId
        + "\",\"policy\":\"order_approval\",\"ruleId\":\"manager-high-value\","
        + "\"reason\":\"rule_matched\"}}";
  }

  /** A check's 200 data, denied by a default effect. */
  static String denied(String decisionId) {
    return "{\"data\":{\"allowed\":false,\"decision\":\"Deny\",\"decisionId\":\""
        + decisionId
        + "\",\"policy\":null,\"ruleId\":null,\"reason\":\"no_applicable_policy\"}}";
  }

  /**
   * A check's 200 data, allowed, with the verified principal whose token expires at {@code exp}.
   */
  static String allowedWithPrincipal(String decisionId, String expiresAt) {
    return "{\"data\":{\"allowed\":true,\"decision\":\"Allow\",\"decisionId\":\""
        + decisionId
        + "\",\"policy\":\"order_approval\",\"ruleId\":\"manager-high-value\","
        + "\"reason\":\"rule_matched\",\"principal\":{\"subject\":\"user_2abc\","
        + "\"issuer\":\"https://clerk.example.com\",\"providerId\":\"prov-1\","
        + "\"expiresAt\":\""
        + expiresAt
        + "\",\"claims\":{\"iss\":\"https://clerk.example.com\",\"sub\":\"user_2abc\","
        + "\"exp\":1796552130,\"org_role\":\"manager\",\"groups\":[\"admins\",\"ops\"]},"
        + "\"attributes\":{\"ext_role\":\"manager\",\"ext_org_id\":null,"
        + "\"is_external_principal\":true,\"external_subject\":\"user_2abc\"}}}}";
  }
}
