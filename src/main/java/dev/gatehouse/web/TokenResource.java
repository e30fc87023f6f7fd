package dev.gatehouse.web;

import dev.gatehouse.admin.TokenService;
import dev.gatehouse.json.Json;
import dev.gatehouse.token.TokenTrust;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** Admin API: the token playground and each provider's keys (CONTRACT §3). */
@Path("api/v1/admin/workspaces/{workspace}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
  @Inject TokenService tokens;
  @Inject TokenTrust trust;

  @PathParam("workspace")
  String workspace;

  /** Verifies a token; an invalid one is a 200 with {@code valid: false} and its code. */
  @POST
  @Path("tokens/inspect")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject inspect(JsonValue body) {
    return data(TokenJson.inspection(tokens.inspect(workspace, Json.toJava(body))));
  }

  @GET
  @Path("providers/{id}/keys")
  public JsonObject keys(@PathParam("id") String id) {
    return data(TokenJson.keys(tokens.keys(workspace, id), trust.settings(), Instant.now()));
  }

  /** Fetches the provider's keys now, whatever the cool-down, and shows the outcome. */
  @POST
  @Path("providers/{id}/keys")
  public JsonObject refresh(@PathParam("id") String id) {
    return data(TokenJson.keys(tokens.refresh(workspace, id), trust.settings(), Instant.now()));
  }

  private static JsonObject data(JsonObject o) {
    return Json.provider().createObjectBuilder().add("data", o).build();
  }
}
