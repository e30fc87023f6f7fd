package dev.gatehouse.demo;

import dev.gatehouse.authorize.AuthorizationContext;
import dev.gatehouse.authorize.ExternalAuthorize;
import dev.gatehouse.authorize.ExternalPrincipal;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;

/**
 * The demo's sample endpoints, protected with {@code @ExternalAuthorize} exactly as an
 * application's own would be (workspace {@code demo}, the seed's policies).
 */
@Path("demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@ExternalAuthorize(resource = "premium_features", action = "read", workspace = "demo")
public class DemoResource {
  @Inject ExternalPrincipal principal;

  /** The body of an approval: its amount reaches the policy as {@code orderAmount}. */
  public record Approval(BigDecimal orderAmount, String note) {}

  @POST
  @Path("orders/{id}/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  @ExternalAuthorize(resource = "orders", action = "approve", workspace = "demo")
  public JsonObject approve(
      @PathParam("id") @AuthorizationContext("orderId") String id,
      @AuthorizationContext Approval approval) {
    return Json.provider()
        .createObjectBuilder()
        .add(
            "data",
            Json.provider()
                .createObjectBuilder()
                .add("orderId", id)
                .add("approved", true)
                .add("approvedBy", principal.getSubject())
                .add("decisionId", principal.decisionId()))
        .build();
  }

  /** Premium content: the class's annotation applies (premium_features / read). */
  @GET
  @Path("premium")
  public JsonObject premium() {
    return Json.provider()
        .createObjectBuilder()
        .add(
            "data",
            Json.provider()
                .createObjectBuilder()
                .add("feature", "premium report")
                .add("subject", principal.getSubject())
                .add("plan", String.valueOf(principal.attributes().get("ext_plan"))))
        .build();
  }

  /** Who am I: open to anonymous callers, but a bad token is still refused. */
  @GET
  @Path("me")
  @ExternalAuthorize(
      resource = "profile",
      action = "read",
      workspace = "demo",
      allowUnauthenticated = true)
  public JsonObject me() {
    return Json.provider()
        .createObjectBuilder()
        .add(
            "data",
            Json.provider()
                .createObjectBuilder()
                .add("anonymous", principal.isAnonymous())
                .add("name", principal.getName())
                .add("groups", Json.strings(principal.getGroups())))
        .build();
  }
}
