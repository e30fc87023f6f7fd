package dev.gatehouse.web;

import dev.gatehouse.admin.TokenService;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the token playground (docs/api.md#inspect-a-token). */
@Path("api/v1/admin/workspaces/{workspace}/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
  @Inject TokenService tokens;

  @PathParam("workspace")
  String workspace;

  /** Verifies a token; an invalid one is a 200 with {@code valid: false} and its code. */
  @POST
  @Path("inspect")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject inspect(JsonValue body) {
    return AdminJson.data(TokenJson.inspection(tokens.inspect(workspace, Json.toJava(body))));
  }
}
