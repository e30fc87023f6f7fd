package dev.gatehouse.client;

import static dev.gatehouse.client.FakeGatehouse.allowed;
import static dev.gatehouse.client.FakeGatehouse.allowedWithPrincipal;
import static dev.gatehouse.client.FakeGatehouse.denied;
import static dev.gatehouse.client.FakeGatehouse.ok;
import static dev.gatehouse.client.FakeGatehouse.problem;
import static dev.gatehouse.client.FakeGatehouse.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.token.TokenCodes;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GatehouseClient against a fake Gatehouse on loopback: what it sends, reads and refuses. */
class GatehouseClientTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzJhYmMifQ.c2ln";

  private final FakeGatehouse gatehouse = new FakeGatehouse();

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  private GatehouseClient client() {
    return GatehouseClient.create(ClientSettings.builder(gatehouse.url()).build());
  }

  private GatehouseClient client(ClientSettings.Builder b) {
    return GatehouseClient.create(b.build());
  }

  // ------------------------------------------------------------ the request

  @Test
  void sendsTheTokenTheCheckAndItsContextWithNumbersKeptAsNumbers() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("orderId", "order-123");
    context.put("orderAmount", 50000);
    context.put("rate", new BigDecimal("12.50"));
    context.put("big", 1234567890123L);
    context.put("urgent", true);
    context.put("tags", List.of("a", 2));
    context.put("nested", Map.of("level", 3));
    context.put("none", null);

    Decision d = client().check(TOKEN, "orders", "approve", context);

    assertThat(d.allowed()).isTrue();
    FakeGatehouse.Request r = gatehouse.requests().get(0);
    assertThat(r.path()).isEqualTo("/api/v1/workspaces/default/authorization/check");
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonObject body = r.body();
    assertThat(body.getString("token")).isEqualTo(TOKEN);
    assertThat(body.getString("resource")).isEqualTo("orders");
    assertThat(body.getString("action")).isEqualTo("approve");
    assertThat(body.getString("source")).isEqualTo("client");
    assertThat(body.containsKey("include")).isFalse();
    assertThat(body.containsKey("ipAddress")).isFalse();
    JsonObject ctx = body.getJsonObject("context");
    assertThat(ctx.getString("orderId")).isEqualTo("order-123");
    assertThat(ctx.get("orderAmount")).isInstanceOf(JsonNumber.class);
    assertThat(ctx.getJsonNumber("orderAmount").bigDecimalValue()).isEqualByComparingTo("50000");
    assertThat(ctx.getJsonNumber("rate").toString()).isEqualTo("12.50");
    assertThat(ctx.getJsonNumber("big").longValueExact()).isEqualTo(1234567890123L);
    assertThat(ctx.get("urgent")).isEqualTo(JsonValue.TRUE);
    assertThat(ctx.getJsonArray("tags").getJsonNumber(1).intValue()).isEqualTo(2);
    assertThat(ctx.getJsonObject("nested").getJsonNumber("level").intValue()).isEqualTo(3);
    assertThat(ctx.get("none")).isEqualTo(JsonValue.NULL);
  }

  @Test
  void sendsTheWorkspaceTheAddressAndTheIncludeItIsAskedFor() {
    gatehouse.answer(ok(allowedWithPrincipal("d-1", "2099-01-01T00:00:00Z")));
    client()
        .check(
            TOKEN,
            new Check("orders", "approve", Map.of()),
            CheckOptions.DEFAULT
                .withWorkspace("acme")
                .withIpAddress("203.0.113.7")
                .withIncludePrincipal(true));

    FakeGatehouse.Request r = gatehouse.requests().get(0);
    assertThat(r.path()).isEqualTo("/api/v1/workspaces/acme/authorization/check");
    assertThat(r.body().getString("ipAddress")).isEqualTo("203.0.113.7");
    assertThat(r.body().getJsonArray("include").getString(0)).isEqualTo("principal");
    assertThat(r.body().getJsonObject("context")).isEmpty();
  }

  @Test
  void aMissingTokenIsNotSentAndGatehouseSaysMissingToken() {
    gatehouse.answer(problem(401, "missing_token", Map.of()));

    var e =
        catchThrowableOfType(
            TokenRejectedException.class, () -> client().check(null, "orders", "read", null));

    assertThat(e.code()).isEqualTo("missing_token");
    assertThat(gatehouse.lastBody().containsKey("token")).isFalse();
  }

  @Test
  void aBasePathInTheUrlIsKept() {
    GatehouseClient c = client(ClientSettings.builder(gatehouse.url() + "/gatehouse/"));
    c.check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests().get(0).path())
        .isEqualTo("/gatehouse/api/v1/workspaces/default/authorization/check");
  }

  @Test
  void theConfiguredWorkspaceIsAskedWhenTheCallNamesNone() {
    client(ClientSettings.builder(gatehouse.url()).workspace("partners"))
        .check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests().get(0).path())
        .isEqualTo("/api/v1/workspaces/partners/authorization/check");
  }

  @Test
  void aWorkspaceNameThatBreaksTheRuleIsNotFoundWithoutARequest() {
    var e =
        catchThrowableOfType(
            CheckRefusedException.class,
            () ->
                client()
                    .check(
                        TOKEN,
                        new Check("orders", "read", Map.of()),
                        CheckOptions.DEFAULT.withWorkspace("../admin")));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("not_found");
    assertThat(gatehouse.requests()).isEmpty();
  }

  @Test
  void aContextOverTheRequestLimitIsRefusedWithoutARequest() {
    var e =
        catchThrowableOfType(
            CheckRefusedException.class,
            () -> client().check(TOKEN, "orders", "read", Map.of("blob", "x".repeat(1 << 20))));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.code()).isEqualTo("payload_too_large");
    assertThat(gatehouse.requests()).isEmpty();
  }

  @Test
  void aNonFiniteNumberInTheContextIsAProgrammingError() {
    assertThatThrownBy(() -> client().check(TOKEN, "orders", "read", Map.of("x", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  // ------------------------------------------------------------ 200 answers

  @Test
  void readsAnAllowAndADeny() {
    Decision allow = client().check(TOKEN, "orders", "approve", Map.of());
    assertThat(allow)
        .isEqualTo(
            new Decision(
                true,
                "Allow",
                "d-1",
                "order_approval",
                "manager-high-value",
                "rule_matched",
                null));

    gatehouse.answer(ok(denied("d-2")));
    Decision deny = client().check(TOKEN, "orders", "approve", Map.of());
    assertThat(deny)
        .isEqualTo(new Decision(false, "Deny", "d-2", null, null, "no_applicable_policy", null));
  }

  @Test
  void readsTheVerifiedPrincipalWhenAsked() {
    gatehouse.answer(ok(allowedWithPrincipal("d-1", "2026-12-06T10:15:30.5Z")));

    Decision d =
        client()
            .check(
                TOKEN,
                new Check("orders", "approve", Map.of()),
                CheckOptions.DEFAULT.withIncludePrincipal(true));

    Principal p = d.principal();
    assertThat(p.subject()).isEqualTo("user_2abc");
    assertThat(p.issuer()).isEqualTo("https://clerk.example.com");
    assertThat(p.providerId()).isEqualTo("prov-1");
    assertThat(p.expiresAt()).isEqualTo(Instant.parse("2026-12-06T10:15:30.5Z"));
    assertThat(p.claims().getString("org_role")).isEqualTo("manager");
    assertThat(p.attributes())
        .containsEntry("ext_role", "manager")
        .containsEntry("is_external_principal", true)
        .containsEntry("ext_org_id", null);
    assertThat(p.attributes().keySet())
        .as("in Gatehouse's order")
        .containsExactly("ext_role", "ext_org_id", "is_external_principal", "external_subject");
  }

  static Stream<String> garbage200() {
    String good = allowedWithPrincipal("d-1", "2099-01-01T00:00:00Z");
    return Stream.of(
        "",
        "not json",
        "<html>ok</html>",
        "[]",
        "{}",
        "{\"data\":null}",
        "{\"data\":[]}",
        good.replace("\"allowed\":true", "\"allowed\":\"true\""),
        good.replace("\"allowed\":true,", ""),
        good.replace("\"decision\":\"Allow\"", "\"decision\":\"Deny\""),
        good.replace("\"decision\":\"Allow\"", "\"decision\":\"allow\""),
        good.replace("\"decisionId\":\"d-1\"", "\"decisionId\":\"\""),
        good.replace("\"decisionId\":\"d-1\"", "\"decisionId\":42"),
        good.replace("\"policy\":\"order_approval\"", "\"policy\":7"),
        good.replace("\"reason\":\"rule_matched\"", "\"reason\":null"),
        good.replace("\"expiresAt\":\"2099-01-01T00:00:00Z\"", "\"expiresAt\":\"tomorrow\""),
        good.replace("\"subject\":\"user_2abc\"", "\"subject\":null"),
        good.replace("\"claims\":{", "\"claims\":[{").replace(",\"attributes\"", "],\"x\""),
        good.replace(",\"principal\":{", ",\"principals\":{"),
        good.replace("\"ext_role\":\"manager\"", "\"ext_role\":1e9999999999"),
        good.replace("\"ext_role\":\"manager\"", "\"ext_role\":" + "9".repeat(5000)),
        good.substring(0, good.length() - 3));
  }

  @ParameterizedTest
  @MethodSource("garbage200")
  void aTwoHundredOfTheWrongShapeIsUnavailable(String body) {
    gatehouse.answer(ok(body));

    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class,
            () ->
                client()
                    .check(
                        TOKEN,
                        new Check("orders", "approve", Map.of()),
                        CheckOptions.DEFAULT.withIncludePrincipal(true)));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("gatehouse_unavailable");
    assertThat(e.retryAfterSeconds()).isEqualTo(5);
  }

  @Test
  void anAnswerOverOneMebibyteIsUnavailableWithOrWithoutItsLength() {
    String huge = "{\"data\":{\"pad\":\"" + "x".repeat((1 << 20) + 10) + "\"}}";
    gatehouse.answer(ok(huge));
    assertThatThrownBy(() -> client().check(TOKEN, "orders", "read", Map.of()))
        .isInstanceOf(GatehouseUnavailableException.class)
        .hasRootCauseInstanceOf(LimitedBody.TooLarge.class);

    gatehouse.answer(
        (ex, n) -> {
          ex.sendResponseHeaders(200, 0); // chunked: no Content-Length
          try (OutputStream out = ex.getResponseBody()) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 20; i++) {
              out.write(chunk);
            }
          } catch (IOException closedByTheClient) {
            // expected: the client stops reading at the limit
          }
        });
    assertThatThrownBy(() -> client().check(TOKEN, "orders", "read", Map.of()))
        .isInstanceOf(GatehouseUnavailableException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {201, 204, 301, 302})
  void anotherSuccessOrARedirectIsUnavailable(int status) {
    gatehouse.answer(
        reply(status, Map.of("Location", "http://127.0.0.1:1/elsewhere"), allowed("d-1")));
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class,
            () -> client().check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.code()).isEqualTo("gatehouse_unavailable");
    assertThat(gatehouse.requests()).hasSize(1);
  }

  // -------------------------------------------------------------- problems

  static Stream<String> rejectionCodes() {
    return TokenCodes.codes().stream().filter(TokenCodes::isRejection);
  }

  @ParameterizedTest
  @MethodSource("rejectionCodes")
  void everyTokenCodeIsATokenRejectionWithItsFixedText(String code) {
    gatehouse.answer(
        problem(
            401,
            code,
            Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"x\"")));

    var e =
        catchThrowableOfType(
            TokenRejectedException.class, () -> client().check(TOKEN, "orders", "read", Map.of()));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.detail()).isEqualTo(TokenCodes.publicDetail(code));
    assertThat(e.getMessage()).doesNotContain(TOKEN);
    assertThat(gatehouse.requests()).hasSize(1);
  }

  @Test
  void everyCodeOfTheTableIsCovered() {
    assertThat(rejectionCodes().count()).isEqualTo(TokenCodes.codes().size() - 2);
  }

  @Test
  void anOversizedTokenIsATokenRejectionOf413() {
    gatehouse.answer(problem(413, "payload_too_large", Map.of()));
    var e =
        catchThrowableOfType(
            TokenRejectedException.class, () -> client().check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.code()).isEqualTo("payload_too_large");
    assertThat(e.detail()).isEqualTo("the token is too large");
  }

  @Test
  void unavailableKeysAreRelayedWithGatehousesRetryAfter() {
    gatehouse.answer(problem(503, "jwks_unavailable", Map.of("Retry-After", "17")));
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class,
            () -> client().check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("jwks_unavailable");
    assertThat(e.detail()).isEqualTo(TokenCodes.publicDetail("jwks_unavailable"));
    assertThat(e.retryAfterSeconds()).isEqualTo(17);
    assertThat(gatehouse.requests()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0=1",
        "99999999=3600",
        "99999999999=7",
        "Wed, 21 Oct 2026 07:28:00 GMT=7",
        "-5=7",
        "1.5=7",
        " 30 =30",
        "=7"
      })
  void gatehousesRetryAfterIsBelievedOnlyAsABoundedInteger(String headerAndExpected) {
    String header = headerAndExpected.substring(0, headerAndExpected.lastIndexOf('='));
    int expected =
        Integer.parseInt(headerAndExpected.substring(headerAndExpected.lastIndexOf('=') + 1));
    gatehouse.answer(
        problem(
            503, "jwks_unavailable", header.isEmpty() ? Map.of() : Map.of("Retry-After", header)));
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class,
            () ->
                client(ClientSettings.builder(gatehouse.url()).retryAfterSeconds(7))
                    .check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.retryAfterSeconds()).isEqualTo(expected);
  }

  @Test
  void validationFailedCarriesGatehousesErrors() {
    gatehouse.answer(
        reply(
            400,
            Map.of("Content-Type", "application/problem+json"),
            "{\"type\":\"urn:gatehouse:problem:validation_failed\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"2 validation errors; see 'errors'\","
                + "\"code\":\"validation_failed\",\"errors\":["
                + "{\"pointer\":\"/resource\",\"message\":\"is required\"},"
                + "{\"pointer\":\"/ipAddress\",\"message\":\"must be an IPv4 or IPv6 address\"}]}"));

    var e =
        catchThrowableOfType(
            CheckRefusedException.class, () -> client().check(TOKEN, null, "read", Map.of()));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("validation_failed");
    assertThat(e.detail()).isEqualTo("2 validation errors; see 'errors'");
    assertThat(e.errors())
        .containsExactly(
            new FieldError("/resource", "is required"),
            new FieldError("/ipAddress", "must be an IPv4 or IPv6 address"));
    assertThat(gatehouse.lastBody().isNull("resource")).isTrue();
  }

  @Test
  void anUnknownWorkspaceIsNotFound() {
    gatehouse.answer(problem(404, "not_found", Map.of()));
    var e =
        catchThrowableOfType(
            CheckRefusedException.class, () -> client().check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("not_found");
    assertThat(e.detail()).isEqualTo("Gatehouse's own detail for not_found");
    assertThat(e.errors()).isEmpty();
  }

  static Stream<FakeGatehouse.Answer> unusableProblems() {
    String html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Map<String, String> htmlType = Map.of("Content-Type", "text/html");
    return Stream.of(
        reply(500, htmlType, html),
        reply(502, htmlType, html),
        reply(504, htmlType, ""),
        problem(500, "internal_error", Map.of()),
        reply(503, htmlType, html),
        problem(503, "gatehouse_is_busy", Map.of("Retry-After", "1")),
        problem(401, "unauthorized", Map.of()),
        problem(401, "no_such_code", Map.of()),
        problem(400, "no_such_code", Map.of()),
        problem(404, "validation_failed", Map.of()),
        problem(413, "token_expired", Map.of()),
        reply(401, htmlType, html),
        reply(400, Map.of(), ""),
        reply(418, Map.of("Content-Type", "application/problem+json"), "{\"code\":7}"),
        reply(400, Map.of("Content-Type", "application/problem+json"), "[\"validation_failed\"]"),
        reply(
            400,
            Map.of("Content-Type", "application/problem+json"),
            "{\"code\":\"validation_failed\",\"status\":1e9999999999}"),
        reply(
            400,
            Map.of("Content-Type", "application/problem+json"),
            "{\"code\":\"validation_failed\",\"errors\":[\"not an object\"]}"));
  }

  @ParameterizedTest
  @MethodSource("unusableProblems")
  void aFiveHundredOrAProblemGatehouseDoesNotDocumentIsUnavailable(FakeGatehouse.Answer a) {
    gatehouse.answer(a);
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class,
            () ->
                client(ClientSettings.builder(gatehouse.url()).retryAfterSeconds(9))
                    .check(TOKEN, "orders", "read", Map.of()));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("gatehouse_unavailable");
    assertThat(e.detail())
        .isEqualTo("the authorization service cannot be reached at the moment; retry later");
    assertThat(e.retryAfterSeconds()).isEqualTo(9);
    assertThat(gatehouse.requests()).as("an answer is never retried").hasSize(1);
  }

  // ------------------------------------------------- connections and time

  @Test
  void aGatehouseThatNeverAnswersIsUnavailableWithinTheTimeout() {
    gatehouse.answer((ex, n) -> gatehouse.awaitClose());
    GatehouseClient c =
        client(ClientSettings.builder(gatehouse.url()).timeout(Duration.ofMillis(500)));

    long start = System.nanoTime();
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class, () -> c.check(TOKEN, "orders", "read", Map.of()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo("gatehouse_unavailable");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(450))
        .isLessThan(Duration.ofMillis(1500));
    assertThat(gatehouse.requests()).as("a timeout is not retried").hasSize(1);
  }

  @Test
  void aBodyThatDripsPastTheDeadlineIsCutOff() {
    gatehouse.answer(
        (ex, n) -> {
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
              out.write(' ');
              out.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException cut) {
            // expected
          }
        });
    GatehouseClient c =
        client(ClientSettings.builder(gatehouse.url()).timeout(Duration.ofMillis(500)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> c.check(TOKEN, "orders", "read", Map.of()))
        .isInstanceOf(GatehouseUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    GatehouseClient c =
        GatehouseClient.create(ClientSettings.defaults("http://127.0.0.1:" + closedPort));

    long start = System.nanoTime();
    var e =
        catchThrowableOfType(
            GatehouseUnavailableException.class, () -> c.check(TOKEN, "orders", "read", Map.of()));

    assertThat(e.code()).isEqualTo("gatehouse_unavailable");
    assertThat(e.retryAfterSeconds()).isEqualTo(5);
    assertThat(e).hasRootCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aConnectionDroppedBeforeAnyAnswerIsRetriedOnceAndSucceeds() {
    gatehouse.answer(
        (ex, n) -> {
          if (n > 1) {
            FakeGatehouse.send(ex, 200, Map.of(), allowed("d-" + n));
          }
          // The first request: the exchange closes without an answer, and so the connection.
        });

    Decision d = client().check(TOKEN, "orders", "read", Map.of());

    assertThat(d.decisionId()).isEqualTo("d-2");
    assertThat(gatehouse.requests()).hasSize(2);
    assertThat(gatehouse.requests().get(1).body()).isEqualTo(gatehouse.requests().get(0).body());
  }

  @Test
  void aSecondDroppedConnectionIsNotRetriedAgain() {
    gatehouse.answer((ex, n) -> {});

    assertThatThrownBy(() -> client().check(TOKEN, "orders", "read", Map.of()))
        .isInstanceOf(GatehouseUnavailableException.class);
    assertThat(gatehouse.requests()).hasSize(2);
  }

  @Test
  void connectionsAreKeptAliveAcrossChecks() {
    GatehouseClient c = client();
    for (int i = 0; i < 20; i++) {
      c.check(TOKEN, "orders", "read", Map.of("i", i));
    }
    assertThat(gatehouse.requests()).hasSize(20);
    assertThat(gatehouse.connections()).isEqualTo(1);
  }

  @Test
  void oneClientServesManyThreadsOnAFewKeptConnections() throws Exception {
    GatehouseClient c = client();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> c.check(TOKEN, "orders", "read", Map.of("n", n)).allowed()));
      }
      for (var r : results) {
        assertThat(r.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(gatehouse.requests()).hasSize(200);
    assertThat(gatehouse.connections()).isBetween(1, 8);
  }

  @Test
  void droppedBeforeAnswerKnowsTheJdksSignsAndNothingElse() {
    assertThat(GatehouseClient.droppedBeforeAnswer(new java.net.ConnectException()))
        .as("the JDK re-attempts a refused connection once itself; no second retry")
        .isEqualTo(!GatehouseClient.JDK_RETRIES_CONNECT);
    assertThat(GatehouseClient.JDK_RETRIES_CONNECT).isTrue();
    assertThat(
            GatehouseClient.droppedBeforeAnswer(
                new IOException(
                    "HTTP/1.1 header parser received no bytes",
                    new java.io.EOFException("EOF reached while reading"))))
        .isTrue();
    assertThat(GatehouseClient.droppedBeforeAnswer(new java.net.http.HttpTimeoutException("t")))
        .isFalse();
    assertThat(
            GatehouseClient.droppedBeforeAnswer(new java.net.SocketException("Connection reset")))
        .isFalse();
    assertThat(GatehouseClient.droppedBeforeAnswer(new LimitedBody.TooLarge(1))).isFalse();
    assertThat(GatehouseClient.droppedBeforeAnswer(new IllegalStateException())).isFalse();
  }

  // ------------------------------------------------------------- batch

  @Test
  void aBatchSendsEveryCheckAndReadsTheResultsInOrder() {
    gatehouse.answer(
        ok(
            "{\"data\":{\"results\":["
                + allowed("b-1").replace("{\"data\":", "").replaceAll("}$", "")
                + ","
                + denied("b-2").replace("{\"data\":", "").replaceAll("}$", "")
                + "],\"principal\":"
                + principalJson()
                + "}}"));

    BatchDecision b =
        client()
            .checkBatch(
                TOKEN,
                List.of(
                    new Check("orders", "approve", Map.of("orderAmount", 5000)),
                    new Check("invoices", "read", null)),
                CheckOptions.DEFAULT.withIncludePrincipal(true).withIpAddress("::1"));

    assertThat(b.results()).extracting(Decision::decisionId).containsExactly("b-1", "b-2");
    assertThat(b.results()).extracting(Decision::allowed).containsExactly(true, false);
    assertThat(b.principal().subject()).isEqualTo("user_2abc");
    FakeGatehouse.Request r = gatehouse.requests().get(0);
    assertThat(r.path()).isEqualTo("/api/v1/workspaces/default/authorization/check-batch");
    assertThat(r.body().getString("token")).isEqualTo(TOKEN);
    assertThat(r.body().getString("ipAddress")).isEqualTo("::1");
    assertThat(r.body().getJsonArray("include").getString(0)).isEqualTo("principal");
    assertThat(r.body().getJsonArray("checks")).hasSize(2);
    JsonObject first = r.body().getJsonArray("checks").getJsonObject(0);
    assertThat(first.getString("resource")).isEqualTo("orders");
    assertThat(first.getJsonObject("context").getJsonNumber("orderAmount").intValue())
        .isEqualTo(5000);
  }

  @Test
  void aBatchWithTheWrongNumberOfResultsIsUnavailable() {
    gatehouse.answer(
        ok(
            "{\"data\":{\"results\":["
                + allowed("b-1").replace("{\"data\":", "").replaceAll("}$", "")
                + "]}}"));
    assertThatThrownBy(
            () ->
                client()
                    .checkBatch(
                        TOKEN, List.of(new Check("a", "b", null), new Check("c", "d", null))))
        .isInstanceOf(GatehouseUnavailableException.class);
  }

  private static String principalJson() {
    String s = allowedWithPrincipal("x", "2099-01-01T00:00:00Z");
    return s.substring(s.indexOf("\"principal\":") + "\"principal\":".length(), s.length() - 2);
  }

  // ----------------------------------------------------------- logging

  @Test
  void anUnreachableGatehouseIsLoggedOnceAMinuteWithTheCauseAndNeverTheToken() throws IOException {
    List<LogRecord> records = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(GatehouseClient.class.getName());
    log.addHandler(h);
    try {
      int closedPort;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        closedPort = s.getLocalPort();
      }
      GatehouseClient c =
          GatehouseClient.create(ClientSettings.defaults("http://127.0.0.1:" + closedPort));
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> c.check(TOKEN, "orders", "read", Map.of()))
            .isInstanceOf(GatehouseUnavailableException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
      }
    } finally {
      log.removeHandler(h);
    }
    assertThat(records).hasSize(1);
    LogRecord r = records.get(0);
    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
    assertThat(r.getMessage())
        .contains("java.net.ConnectException")
        .contains("127.0.0.1")
        .doesNotContain(TOKEN);
  }

  @Test
  void theAnswerIsReadAsUtf8() {
    gatehouse.answer(
        reply(
            200,
            Map.of("Content-Type", "application/json"),
            allowed("d-1").replace("order_approval", "approbation_é_✓")));
    assertThat(client().check(TOKEN, "orders", "read", Map.of()).policy())
        .isEqualTo("approbation_é_✓");
    assertThat("é".getBytes(StandardCharsets.UTF_8)).hasSize(2);
  }
}
