package dev.gatehouse.client;

import static dev.gatehouse.client.FakeGatehouse.allowedWithPrincipal;
import static dev.gatehouse.client.FakeGatehouse.ok;
import static dev.gatehouse.client.FakeGatehouse.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.authorize.AuthorizationContext;
import dev.gatehouse.authorize.AuthorizeSettings;
import dev.gatehouse.authorize.ClaimsPrincipal;
import dev.gatehouse.authorize.ExternalAuthorize;
import dev.gatehouse.authorize.ExternalPrincipal;
import dev.gatehouse.authorize.PrincipalHolder;
import dev.gatehouse.token.TokenCodes;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The remote interceptor's decision against a fake Gatehouse (through {@code admit}, the part
 * before JAX-RS), and the answers it builds for each outcome: status, headers and body.
 */
class RemoteAuthorizeInterceptorTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzJhYmMifQ.c2ln";

  private final FakeGatehouse gatehouse = new FakeGatehouse();

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  /** What an application's resource looks like. */
  static class Orders {
    @ExternalAuthorize(resource = "orders", action = "approve")
    public String approve(
        @AuthorizationContext("orderId") String id,
        @AuthorizationContext("orderAmount") Integer amount) {
      return "approved";
    }

    @ExternalAuthorize(resource = "orders", action = "read", workspace = "acme")
    public String read(@AuthorizationContext("orderId") String id) {
      return "read";
    }

    @ExternalAuthorize(resource = "catalog", action = "browse", allowUnauthenticated = true)
    public String browse() {
      return "browsed";
    }
  }

  private RemoteAuthorizeInterceptor interceptor(
      ClientSettings settings, Map<String, String> headers, String remoteAddr) {
    RemoteAuthorizeInterceptor i = new RemoteAuthorizeInterceptor();
    i.client = GatehouseClient.create(settings);
    i.holder = new PrincipalHolder();
    i.settings = AuthorizeSettings.defaults();
    i.request = instance(request(headers, remoteAddr));
    return i;
  }

  private RemoteAuthorizeInterceptor interceptor(Map<String, String> headers) {
    return interceptor(ClientSettings.defaults(gatehouse.url()), headers, "203.0.113.7");
  }

  private static Map<String, String> bearer() {
    return Map.of("Authorization", "Bearer " + TOKEN);
  }

  // ------------------------------------------------------------- decisions

  @Test
  void anAllowedCallRunsWithThePrincipalGatehouseVerified() throws Exception {
    gatehouse.answer(ok(allowedWithPrincipal("d-7", "2099-01-01T00:00:00Z")));
    RemoteAuthorizeInterceptor i = interceptor(bearer());

    assertThat(i.admit(call("approve", "order-123", 50000))).isNull();

    ExternalPrincipal p = i.holder.get();
    assertThat(p).isInstanceOf(ClaimsPrincipal.class);
    assertThat(p.isAnonymous()).isFalse();
    assertThat(p.getSubject()).isEqualTo("user_2abc");
    assertThat(p.getName()).isEqualTo("user_2abc");
    assertThat(p.providerId()).isEqualTo("prov-1");
    assertThat((String) p.getClaim("org_role")).isEqualTo("manager");
    assertThat(p.getGroups()).containsExactlyInAnyOrder("admins", "ops");
    assertThat(p.getRawToken()).isEqualTo(TOKEN);
    assertThat(p.attributes()).containsEntry("ext_role", "manager");
    assertThat(p.decisionId()).isEqualTo("d-7");
    assertThat(p.policy()).isEqualTo("order_approval");

    FakeGatehouse.Request r = gatehouse.requests().get(0);
    assertThat(r.path()).isEqualTo("/api/v1/workspaces/default/authorization/check");
    JsonObject body = r.body();
    assertThat(body.getString("token")).isEqualTo(TOKEN);
    assertThat(body.getString("resource")).isEqualTo("orders");
    assertThat(body.getString("action")).isEqualTo("approve");
    assertThat(body.getJsonObject("context").getString("orderId")).isEqualTo("order-123");
    assertThat(body.getJsonObject("context").getJsonNumber("orderAmount").intValue())
        .isEqualTo(50000);
    assertThat(body.getString("ipAddress")).isEqualTo("203.0.113.7");
    assertThat(body.getJsonArray("include").getString(0)).isEqualTo("principal");
    assertThat(body.getString("source")).isEqualTo("client");
  }

  @Test
  void theConfiguredWorkspaceDecidesUnlessTheAnnotationNamesAnother() throws Exception {
    gatehouse.answer(ok(allowedWithPrincipal("d-1", "2099-01-01T00:00:00Z")));
    RemoteAuthorizeInterceptor i =
        interceptor(
            ClientSettings.builder(gatehouse.url()).workspace("partners").build(),
            bearer(),
            "203.0.113.7");

    i.admit(call("approve", "o-1", 1));
    i.admit(call("read", "o-1"));

    assertThat(gatehouse.requests())
        .extracting(FakeGatehouse.Request::path)
        .containsExactly(
            "/api/v1/workspaces/partners/authorization/check",
            "/api/v1/workspaces/acme/authorization/check");
  }

  @Test
  void aDeniedCallGetsTheForbiddenProblemAndDoesNotRun() throws Exception {
    gatehouse.answer(
        ok(
            allowedWithPrincipal("d-9", "2099-01-01T00:00:00Z")
                .replace("\"allowed\":true", "\"allowed\":false")
                .replace("\"Allow\"", "\"Deny\"")
                .replace("\"policy\":\"order_approval\"", "\"policy\":null")
                .replace("\"ruleId\":\"manager-high-value\"", "\"ruleId\":null")
                .replace("rule_matched", "no_applicable_policy")));

    ProblemReply r = interceptor(bearer()).admit(call("approve", "order-123", 50000));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.headers()).isEmpty();
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:forbidden\",\"title\":\"Forbidden\","
                    + "\"status\":403,\"detail\":\"access to approve on orders was denied"
                    + " (decision d-9)\",\"code\":\"forbidden\",\"decisionId\":\"d-9\","
                    + "\"reason\":\"no_applicable_policy\",\"policy\":null}"));
  }

  @Test
  void aDenyWithoutThePrincipalItAskedForIsUnavailableNotAForbidden() throws Exception {
    gatehouse.answer(ok(FakeGatehouse.denied("d-9")));
    ProblemReply r = interceptor(bearer()).admit(call("approve", "order-123", 50000));
    assertThat(r.status()).isEqualTo(503);
  }

  @Test
  void noTokenStillAsksGatehouseWhichSaysMissingToken() throws Exception {
    gatehouse.answer(problem(401, "missing_token", Map.of()));

    ProblemReply r = interceptor(Map.of()).admit(call("approve", "o-1", 1));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().getString("code")).isEqualTo("missing_token");
    assertThat(gatehouse.lastBody().containsKey("token")).isFalse();
  }

  @Test
  void noTokenWhereThatIsAllowedRunsAnonymouslyWithoutAsking() throws Exception {
    RemoteAuthorizeInterceptor i = interceptor(Map.of());

    assertThat(i.admit(call("browse"))).isNull();

    assertThat(i.holder.get().isAnonymous()).isTrue();
    assertThat(gatehouse.requests()).isEmpty();
  }

  @Test
  void aBadTokenWhereAnonymousCallsAreAllowedIsStillRefused() throws Exception {
    gatehouse.answer(problem(401, "invalid_signature", Map.of()));
    ProblemReply r = interceptor(bearer()).admit(call("browse"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().getString("code")).isEqualTo("invalid_signature");
  }

  @Test
  void gatehousesOwnHeadersAndDetailNeverReachTheAnswer() throws Exception {
    gatehouse.answer(
        FakeGatehouse.reply(
            401,
            Map.of(
                "Content-Type", "application/problem+json",
                "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"evil\""),
            "{\"type\":\"x\",\"title\":\"x\",\"status\":401,\"code\":\"token_expired\","
                + "\"detail\":\"provider Clerk prod, kid k1, fetched from http://10.0.0.1/jwks\"}"));

    ProblemReply r = interceptor(bearer()).admit(call("approve", "o-1", 1));

    assertThat(r.headers())
        .containsExactly(
            Map.entry(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"the token has expired\""));
    assertThat(r.body().toString()).doesNotContain("kid").doesNotContain("10.0.0.1");
  }

  @Test
  void anUnreachableGatehouseIsA503AndTheMethodDoesNotRun() throws Exception {
    gatehouse.close();
    RemoteAuthorizeInterceptor i =
        interceptor(
            ClientSettings.builder(gatehouse.url()).retryAfterSeconds(11).build(),
            bearer(),
            "203.0.113.7");

    ProblemReply r = i.admit(call("approve", "o-1", 1));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "11"));
    assertThat(r.body().getString("code")).isEqualTo("gatehouse_unavailable");
    assertThat(i.holder.get().isAnonymous()).as("no principal was set").isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "203.0.113.7,203.0.113.7",
        "::1,::1",
        "2001:db8::7,2001:db8::7",
        "::ffff:192.0.2.1,::ffff:192.0.2.1",
        "localhost,null",
        "client.example.com,null",
        "1.2.3,null",
        "256.1.1.1,null",
        "fe80::1%eth0,null",
        "deadbeef,null",
        "null,null"
      })
  void theAddressIsSentOnlyWhenItIsAnIpLiteral(String remoteAddr, String expected) {
    assertThat(RemoteAuthorizeInterceptor.ipAddress(remoteAddr)).isEqualTo(expected);
  }

  @Test
  void withoutAServletRequestThereIsNoTokenAndNoAddress() throws Exception {
    gatehouse.answer(problem(401, "missing_token", Map.of()));
    RemoteAuthorizeInterceptor i = interceptor(Map.of());
    i.request = unresolvable();

    ProblemReply r = i.admit(call("approve", "o-1", 1));

    assertThat(r.status()).isEqualTo(401);
    assertThat(gatehouse.lastBody().containsKey("ipAddress")).isFalse();
  }

  // -------------------------------------------------------- the answers

  static Stream<String> rejectionCodes() {
    return TokenCodes.codes().stream().filter(TokenCodes::isRejection);
  }

  @ParameterizedTest
  @MethodSource("rejectionCodes")
  void aRejectedTokenIs401WithTheFixedChallengeAndBody(String code) {
    ProblemReply r = RemoteAuthorizeInterceptor.reply(new TokenRejectedException(401, code));

    String detail = TokenCodes.publicDetail(code);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers())
        .containsExactly(
            Map.entry(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"" + detail + "\""));
    assertThat(r.body())
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "urn:gatehouse:problem:" + code)
                .add("title", "Unauthorized")
                .add("status", 401)
                .add("detail", detail)
                .add("code", code)
                .build());
  }

  @Test
  void anOversizedTokenIs413WithoutAChallenge() {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(new TokenRejectedException(413, "payload_too_large"));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.headers()).isEmpty();
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:payload_too_large\",\"title\":\"Content Too"
                    + " Large\",\"status\":413,\"detail\":\"the token is too large\","
                    + "\"code\":\"payload_too_large\"}"));
  }

  @Test
  void unavailableKeysAre503WithGatehousesRetryAfter() {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(
            new GatehouseUnavailableException(
                "jwks_unavailable", "whatever Gatehouse said", 17, null));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "17"));
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:jwks_unavailable\",\"title\":\"Service"
                    + " Unavailable\",\"status\":503,\"detail\":\"the keys to verify the token"
                    + " cannot be had at the moment; retry later\",\"code\":\"jwks_unavailable\"}"));
  }

  @Test
  void anUnreachableGatehouseIs503WithTheConfiguredRetryAfter() {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(
            new GatehouseUnavailableException(
                "gatehouse_unavailable",
                GatehouseUnavailableException.DETAIL,
                5,
                new java.net.ConnectException("refused")));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsExactly(Map.entry("Retry-After", "5"));
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:gatehouse_unavailable\",\"title\":\"Service"
                    + " Unavailable\",\"status\":503,\"detail\":\"the authorization service"
                    + " cannot be reached at the moment; retry later\","
                    + "\"code\":\"gatehouse_unavailable\"}"));
    assertThat(r.body().toString()).doesNotContain("refused");
  }

  @Test
  void aValidationFailureIsRelayedWithItsErrorsRewritten() {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(
            new CheckRefusedException(
                400,
                "validation_failed",
                "2 validation errors; see 'errors'",
                List.of(
                    new FieldError("/resource", "is required"),
                    new FieldError("/context/n", "must have at most 100 characters, \"quoted\""))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.headers()).isEmpty();
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:validation_failed\",\"title\":\"Bad"
                    + " Request\",\"status\":400,\"detail\":\"2 validation errors; see"
                    + " 'errors'\",\"code\":\"validation_failed\",\"errors\":["
                    + "{\"pointer\":\"/resource\",\"message\":\"is required\"},"
                    + "{\"pointer\":\"/context/n\",\"message\":\"must have at most 100"
                    + " characters, \\\"quoted\\\"\"}]}"));
  }

  @Test
  void anUnknownWorkspaceIsRelayedAs404() {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(
            new CheckRefusedException(404, "not_found", "no workspace named 'acme'", List.of()));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers()).isEmpty();
    assertThat(r.body())
        .isEqualTo(
            json(
                "{\"type\":\"urn:gatehouse:problem:not_found\",\"title\":\"Not Found\","
                    + "\"status\":404,\"detail\":\"no workspace named 'acme'\","
                    + "\"code\":\"not_found\"}"));
  }

  @ParameterizedTest
  @CsvSource({
    "403, forbidden",
    "405, method_not_allowed",
    "406, not_acceptable",
    "409, conflict",
    "415, unsupported_media_type",
    "429, too_many_requests",
    "400, payload_too_large",
    "404, gone"
  })
  void anyOtherRefusalIsAnOutageNotTheCallersFault(int status, String code) {
    ProblemReply r =
        RemoteAuthorizeInterceptor.reply(
            new CheckRefusedException(status, code, "Gatehouse's own words", List.of()));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body().getString("code")).isEqualTo("gatehouse_unavailable");
    assertThat(r.body().getString("detail")).doesNotContain("Gatehouse's own words");
    assertThat(r.headers()).containsOnlyKeys("Retry-After");
  }

  @Test
  void theDecisionComesBeforeEveryApplicationOrLibraryInterceptor() {
    int priority = RemoteAuthorizeInterceptor.class.getAnnotation(Priority.class).value();
    assertThat(priority).isEqualTo(ExternalAuthorize.INTERCEPTOR_PRIORITY);
    assertThat(priority)
        .isLessThan(Interceptor.Priority.PLATFORM_BEFORE + 200) // @Transactional
        .isLessThan(Interceptor.Priority.LIBRARY_BEFORE)
        .isLessThan(Interceptor.Priority.APPLICATION);
  }

  // --------------------------------------------------------------- helpers

  private static JsonObject json(String text) {
    try (var r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  private static InvocationContext call(String method, Object... args) throws Exception {
    Method m =
        Stream.of(Orders.class.getMethods())
            .filter(x -> x.getName().equals(method))
            .findFirst()
            .orElseThrow();
    return new TestInvocation(new Orders(), m, args);
  }

  /** A servlet request that only has headers and an address (a JDK proxy, not our code). */
  private static HttpServletRequest request(Map<String, String> headers, String remoteAddr) {
    Map<String, String> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            RemoteAuthorizeInterceptorTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "getHeader" -> h.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                  case "getRemoteAddr" -> remoteAddr;
                  case "getCookies" -> null;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  @SuppressWarnings("unchecked")
  private static Instance<HttpServletRequest> instance(HttpServletRequest r) {
    return (Instance<HttpServletRequest>)
        Proxy.newProxyInstance(
            RemoteAuthorizeInterceptorTest.class.getClassLoader(),
            new Class<?>[] {Instance.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "isResolvable" -> true;
                  case "get" -> r;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  @SuppressWarnings("unchecked")
  private static Instance<HttpServletRequest> unresolvable() {
    return (Instance<HttpServletRequest>)
        Proxy.newProxyInstance(
            RemoteAuthorizeInterceptorTest.class.getClassLoader(),
            new Class<?>[] {Instance.class},
            (proxy, m, args) -> {
              if (m.getName().equals("isResolvable")) {
                return false;
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  /** The call of one method, as the container would hand it to the interceptor. */
  private record TestInvocation(Object target, Method method, Object[] args)
      implements InvocationContext {
    @Override
    public Object getTarget() {
      return target;
    }

    @Override
    public Object getTimer() {
      return null;
    }

    @Override
    public Method getMethod() {
      return method;
    }

    @Override
    public Constructor<?> getConstructor() {
      return null;
    }

    @Override
    public Object[] getParameters() {
      return args;
    }

    @Override
    public void setParameters(Object[] params) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> getContextData() {
      return new HashMap<>();
    }

    @Override
    public Object proceed() throws Exception {
      return method.invoke(target, args);
    }
  }
}
