package com.example.orders;

import dev.gatehouse.authorize.AuthorizationContext;
import dev.gatehouse.authorize.ExternalAuthorize;
import dev.gatehouse.authorize.ExternalPrincipal;
import dev.gatehouse.client.BatchDecision;
import dev.gatehouse.client.Check;
import dev.gatehouse.client.Decision;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.GatehouseException;
import dev.gatehouse.client.GatehouseUnavailableException;
import dev.gatehouse.token.BearerToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders, protected by a remote Gatehouse: the same decisions as Gatehouse's own demo endpoints
 * (policy {@code order_approval}: managers approve any amount, anyone approves up to 10,000), made
 * by the client library's interceptor over HTTP.
 */
@Path("orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {
  /** The actions {@link #permissions} asks about, in this order. */
  static final List<String> ACTIONS = List.of("approve", "cancel");

  @Inject ExternalPrincipal principal;
  @Inject GatehouseClient gatehouse;
  @Inject BodyRuns runs;

  /**
   * Approves an order: Gatehouse sees {@code context.orderId} (the path) and {@code
   * context.orderAmount} (the query's {@code amount}; without it no rule of order_approval can
   * allow).
   */
  @POST
  @Path("{id}/approve")
  @ExternalAuthorize(resource = "orders", action = "approve")
  public JsonObject approve(
      @PathParam("id") @AuthorizationContext("orderId") String id,
      @QueryParam("amount") @AuthorizationContext("orderAmount") Long amount) {
    runs.ran("approve");
    return data(
        Json.createObjectBuilder()
            .add("orderId", id)
            .add("orderAmount", amount == null ? JsonValue.NULL : Json.createValue(amount))
            .add("approved", true)
            .add("approvedBy", principal.getSubject())
            .add("decisionId", orNull(principal.decisionId())));
  }

  /** Who is calling, as Gatehouse verified them (any signed-in user: policy profile_access). */
  @GET
  @Path("me")
  @ExternalAuthorize(resource = "profile", action = "read")
  public JsonObject me() {
    runs.ran("me");
    JsonObjectBuilder attributes = Json.createObjectBuilder();
    principal.attributes().forEach((k, v) -> attributes.add(k, json(v)));
    Object email = principal.getClaim("email");
    return data(
        Json.createObjectBuilder()
            .add("name", principal.getName())
            .add("subject", principal.getSubject())
            .add("issuer", principal.getIssuer())
            .add("groups", Json.createArrayBuilder(principal.getGroups()))
            .add("email", json(email))
            .add("attributes", attributes)
            .add("providerId", orNull(principal.providerId()))
            .add("decisionId", orNull(principal.decisionId()))
            .add("policy", orNull(principal.policy())));
  }

  /**
   * Which actions the caller may take on an order, asked in one batch with the programmatic client
   * (no annotation: the method reads the token itself and decides what to show).
   */
  @GET
  @Path("{id}/permissions")
  public Response permissions(
      @PathParam("id") String id,
      @QueryParam("amount") Long amount,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    String token = BearerToken.of(authorization);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("orderId", id);
    if (amount != null) {
      context.put("orderAmount", amount);
    }
    List<Check> checks = new ArrayList<>();
    for (String action : ACTIONS) {
      checks.add(new Check("orders", action, context));
    }
    BatchDecision batch;
    try {
      batch = gatehouse.checkBatch(token, checks);
    } catch (GatehouseException e) {
      return refused(e);
    }
    JsonObjectBuilder allowed = Json.createObjectBuilder();
    JsonArrayBuilder decisions = Json.createArrayBuilder();
    for (int i = 0; i < ACTIONS.size(); i++) {
      Decision d = batch.results().get(i);
      allowed.add(ACTIONS.get(i), d.allowed());
      decisions.add(
          Json.createObjectBuilder()
              .add("action", ACTIONS.get(i))
              .add("allowed", d.allowed())
              .add("reason", orNull(d.reason()))
              .add("decisionId", orNull(d.decisionId())));
    }
    return Response.ok(
            data(
                Json.createObjectBuilder()
                    .add("orderId", id)
                    .add("allowed", allowed)
                    .add("decisions", decisions)))
        .build();
  }

  /** A problem+json answer for a check Gatehouse did not decide (its status, code and detail). */
  private static Response refused(GatehouseException e) {
    Response.ResponseBuilder r =
        Response.status(e.status())
            .type("application/problem+json")
            .entity(
                Json.createObjectBuilder()
                    .add("type", "urn:gatehouse:problem:" + e.code())
                    .add("title", title(e.status()))
                    .add("status", e.status())
                    .add("code", e.code())
                    .add("detail", e.detail())
                    .build());
    if (e instanceof GatehouseUnavailableException u) {
      r.header("Retry-After", u.retryAfterSeconds());
    }
    return r.build();
  }

  private static String title(int status) {
    Response.Status s = Response.Status.fromStatusCode(status);
    return s == null ? "Error" : s.getReasonPhrase();
  }

  /** A claim or attribute value as JSON: strings, numbers and booleans as such, else as text. */
  private static JsonValue json(Object v) {
    if (v == null) {
      return JsonValue.NULL;
    }
    if (v instanceof JsonValue j) {
      return j;
    }
    if (v instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (v instanceof Number n) {
      return Json.createValue(new BigDecimal(n.toString()));
    }
    return Json.createValue(String.valueOf(v));
  }

  private static JsonValue orNull(String s) {
    return s == null ? JsonValue.NULL : Json.createValue(s);
  }

  private static JsonObject data(JsonObjectBuilder data) {
    return Json.createObjectBuilder().add("data", data).build();
  }
}
